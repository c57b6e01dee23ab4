/**
 * The Rasa project shipped in ivr/rasa parses, hangs together (every intent and response that
 * rules and stories use is in the domain, every intent has examples) and sends what the adapter
 * reads: its handoff responses become handoff actions with the right reason.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actionsFromRasa } from './rasaAssistant.js';
import { rasaMessageSchema } from './rasaRestClient.js';

// js-yaml is already in node_modules (through eslint); no dependency is added just for this test.
const { load } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

const projectDir = fileURLToPath(new URL('../../rasa/', import.meta.url));
const read = (file: string) => load(readFileSync(projectDir + file, 'utf8')) as Record<string, any>;

const config = read('config.yml');
const domain = read('domain.yml');
const nlu = read('data/nlu.yml');
const rules = read('data/rules.yml');
const stories = read('data/stories.yml');
const credentials = read('credentials.yml');
read('endpoints.yml');

/** Intents the NLU pipeline predicts itself (FallbackClassifier), so they have no examples. */
const PREDICTED = new Set(['nlu_fallback']);

const domainIntents = new Set<string>(domain.intents);
const responses: Record<string, Array<Record<string, unknown>>> = domain.responses;
const examples = new Map<string, string[]>(
  (nlu.nlu as Array<{ intent: string; examples: string }>).map((block) => [
    block.intent,
    block.examples
      .split('\n')
      .map((line) => line.replace(/^\s*-\s*/, '').trim())
      .filter(Boolean),
  ]),
);
const steps = [...rules.rules, ...stories.stories].flatMap(
  (flow: { steps: Array<{ intent?: string; action?: string }> }) => flow.steps,
);
const usedIntents = new Set(steps.flatMap((s) => (s.intent ? [s.intent] : [])));
const usedActions = new Set(steps.flatMap((s) => (s.action ? [s.action] : [])));

/** A response variation as the REST channel sends it: text (with buttons), then custom, then image. */
function asRestMessages(variation: Record<string, unknown>): unknown[] {
  const { custom, image, ...rest } = variation;
  return [rest, ...(custom === undefined ? [] : [{ custom }]), ...(image === undefined ? [] : [{ image }])];
}

describe('the Rasa project (ivr/rasa)', () => {
  it('is a Rasa 3.x project with a Chinese pipeline, a fallback and the REST channel', () => {
    for (const file of [domain, nlu, rules, stories]) expect(String(file.version)).toMatch(/^3\./);
    expect(config.language).toBe('zh');
    const components = (config.pipeline as Array<{ name: string }>).map((c) => c.name);
    expect(components).toEqual(expect.arrayContaining(['DIETClassifier', 'FallbackClassifier']));
    expect(config.policies.map((p: { name: string }) => p.name)).toContain('RulePolicy');
    expect(credentials).toHaveProperty('rest');
  });

  it('declares the intents the assistant relies on', () => {
    for (const intent of [
      'greet',
      'goodbye',
      'thank',
      'handoff',
      'complaint',
      'urgent',
      'ask_matter',
      'out_of_scope',
      'nlu_fallback',
    ]) {
      expect(domainIntents, intent).toContain(intent);
    }
  });

  it('has at least 10 distinct examples for every intent it must recognise, and only domain intents', () => {
    for (const intent of domainIntents) {
      if (PREDICTED.has(intent)) continue;
      const list = examples.get(intent) ?? [];
      expect(new Set(list).size, intent).toBe(list.length);
      expect(list.length, intent).toBeGreaterThanOrEqual(10);
    }
    for (const intent of examples.keys()) expect(domainIntents, intent).toContain(intent);
  });

  it('uses in rules and stories only intents of the domain that have examples, and responses it defines', () => {
    for (const intent of usedIntents) {
      expect(domainIntents, intent).toContain(intent);
      if (!PREDICTED.has(intent)) expect(examples.get(intent)?.length ?? 0, intent).toBeGreaterThan(0);
    }
    for (const action of usedActions) expect(Object.keys(responses), action).toContain(action);
  });

  it('hands off 转人工, complaints and urgent matters through a rule, with the reason the adapter reads', () => {
    const ruleFor = (intent: string) =>
      (rules.rules as Array<{ steps: Array<{ intent?: string; action?: string }> }>).find(
        (r) => r.steps.length === 2 && r.steps[0]!.intent === intent,
      )?.steps[1]?.action;
    const reasons = (action: string | undefined) =>
      (responses[action ?? ''] ?? []).map((variation) =>
        actionsFromRasa(asRestMessages(variation).map((m) => rasaMessageSchema.parse(m)))
          .filter((a) => a.kind === 'handoff')
          .map((a) => a.reason),
      );
    expect(reasons(ruleFor('handoff'))).toEqual([['requested']]);
    expect(reasons(ruleFor('complaint'))).toEqual([['complaint']]);
    expect(reasons(ruleFor('urgent'))).toEqual([['urgent']]);
  });

  it('says 抱歉 and offers a seat to what it does not understand', () => {
    const fallback = (rules.rules as Array<{ steps: Array<{ intent?: string; action?: string }> }>).find(
      (r) => r.steps[0]!.intent === 'nlu_fallback',
    )?.steps[1]?.action;
    const variations = responses[fallback ?? ''] ?? [];
    expect(variations.length).toBeGreaterThan(0);
    for (const variation of variations) {
      const actions = actionsFromRasa(asRestMessages(variation).map((m) => rasaMessageSchema.parse(m)));
      expect(actions[0]).toMatchObject({ kind: 'say', text: expect.stringContaining('抱歉') });
      expect(actions).toContainEqual(
        expect.objectContaining({
          kind: 'choices',
          choices: expect.arrayContaining([expect.objectContaining({ handoff: true })]),
        }),
      );
    }
  });

  it('has every response in a shape the REST channel client accepts', () => {
    for (const [name, variations] of Object.entries(responses)) {
      for (const variation of variations) {
        for (const message of asRestMessages(variation)) {
          expect(rasaMessageSchema.safeParse(message).success, name).toBe(true);
        }
      }
    }
  });
});
