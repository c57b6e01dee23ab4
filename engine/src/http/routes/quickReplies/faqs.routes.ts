/**
 * 常见问题: the preset questions of a region (public, for the citizen app's chips) and their
 * management by staff with quick_reply.manage in their region scope.
 */
import { faqRequestSchema, faqsQuerySchema } from '@cloud-seat/contracts';
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { Op, UniqueConstraintError, type WhereOptions } from 'sequelize';
import { errors } from '../../../errors.js';
import { Faq, Matter } from '../../../models/index.js';
import { presentFaq } from '../../../presenters/quickReplies.js';
import type { HttpDeps } from '../../deps.js';
import { assertRegionInScope, requireStaff } from '../../middlewares/guards.js';
import { parse } from '../../middlewares/validate.js';
import { idParamSchema, regionParamSchema } from '../schema.js';

export function faqRoutes(_deps: HttpDeps): Router {
  const router = Router();

  /** Every question of the region; with a matter or category: the general ones and those of it. */
  router.get('/regions/:code/faqs', async (req, res) => {
    const { code } = parse(regionParamSchema, req.params);
    const query = parse(faqsQuerySchema, req.query);
    const where: WhereOptions<Faq> = { regionCode: code };
    const and: WhereOptions<Faq>[] = [];
    if (query.matterId) and.push({ [Op.or]: [{ matterId: null }, { matterId: query.matterId }] });
    if (query.category) and.push({ [Op.or]: [{ category: null }, { category: query.category }] });
    const faqs = await Faq.findAll({
      where: and.length ? { ...where, [Op.and]: and } : where,
      order: [
        ['sort', 'ASC'],
        ['question', 'ASC'],
      ],
    });
    res.json({ faqs: faqs.map(presentFaq) });
  });

  router.post('/faqs', async (req, res) => {
    const principal = requireStaff(res, 'quick_reply.manage');
    const body = parse(faqRequestSchema, req.body);
    assertRegionInScope(principal, body.regionCode);
    await assertMatterOfRegion(body.matterId, body.regionCode);
    const faq = await unique(body.question, () => Faq.create({ id: randomUUID(), ...body }));
    res.status(201).json({ faq: presentFaq(faq) });
  });

  router.put('/faqs/:id', async (req, res) => {
    const principal = requireStaff(res, 'quick_reply.manage');
    const { id } = parse(idParamSchema, req.params);
    const body = parse(faqRequestSchema, req.body);
    const faq = await Faq.findByPk(id);
    if (!faq) throw errors.notFound('常见问题');
    assertRegionInScope(principal, faq.regionCode);
    assertRegionInScope(principal, body.regionCode);
    await assertMatterOfRegion(body.matterId, body.regionCode);
    res.json({ faq: presentFaq(await unique(body.question, () => faq.update(body))) });
  });

  router.delete('/faqs/:id', async (req, res) => {
    const principal = requireStaff(res, 'quick_reply.manage');
    const { id } = parse(idParamSchema, req.params);
    const faq = await Faq.findByPk(id);
    if (!faq) throw errors.notFound('常见问题');
    assertRegionInScope(principal, faq.regionCode);
    await faq.destroy();
    res.status(204).end();
  });

  return router;
}

async function assertMatterOfRegion(matterId: string | null, regionCode: string): Promise<void> {
  if (matterId && !(await Matter.findOne({ where: { id: matterId, regionCode } }))) {
    throw errors.validation({ matterId }, '所选事项不属于该区域');
  }
}

async function unique<T>(question: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof UniqueConstraintError) throw errors.conflict(`该区域已有问题“${question}”`);
    throw err;
  }
}
