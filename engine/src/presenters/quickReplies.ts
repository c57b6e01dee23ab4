/** Quick-reply phrase and FAQ presenters. Pure. */
import type { FaqView, QuickReplyView } from '@cloud-seat/contracts';
import type { Faq, QuickReply } from '../models/index.js';

export function presentQuickReply(phrase: QuickReply, rendered: string = phrase.body): QuickReplyView {
  return {
    id: phrase.id,
    scope: phrase.scope,
    shortcut: phrase.shortcut,
    title: phrase.title,
    text: phrase.body,
    rendered,
    regionCode: phrase.regionCode,
    category: phrase.category,
    updatedAt: phrase.updatedAt.toISOString(),
  };
}

export function presentFaq(faq: Faq): FaqView {
  return {
    id: faq.id,
    regionCode: faq.regionCode,
    question: faq.question,
    answer: faq.answer,
    matterId: faq.matterId,
    category: faq.category,
    sort: faq.sort,
  };
}
