/**
 * The assistant on a Rasa server (ASSISTANT=rasa, RASA_URL): each citizen turn goes to Rasa's
 * REST channel with the region, matter and elder mode as metadata; Rasa keeps the dialogue state
 * itself (by the conversation id as sender). When Rasa cannot answer, the citizen is handed to a
 * seat rather than left without a reply, and the failure is logged with what to check.
 */
import { RasaAssistant, RasaError, type AssistantAction, type AssistantReply, type RasaChannel } from '@cloud-seat/ivr';
import type { Logger } from '../../logger.js';
import type { BotAction, BotTurn, DialogueState, FrontLineAssistant, Understood } from './frontLineAssistant.js';

export const RASA_UNAVAILABLE_TEXT = '抱歉，智能助手暂时无法回答，正在为您转接人工坐席。';

export class RasaFrontLine implements FrontLineAssistant {
  readonly name = 'rasa' as const;
  private readonly rasa: RasaAssistant;

  constructor(
    private readonly channel: RasaChannel,
    private readonly logger: Logger,
  ) {
    this.rasa = new RasaAssistant(channel);
  }

  async ready(): Promise<void> {}

  async understand(turn: BotTurn): Promise<Understood> {
    try {
      const reply = await this.rasa.reply({
        conversationId: turn.conversationId,
        text: turn.text,
        region: turn.regionCode,
        matter: turn.matterBasicCode,
        elderMode: turn.elderMode,
      });
      return { text: turn.text, result: reply };
    } catch (err) {
      if (!(err instanceof RasaError)) throw err;
      this.logger.warn(
        { err, rasa: this.channel.describe(), reason: err.reason },
        'Rasa could not answer; the citizen is handed to a seat. Check RASA_URL and that the Rasa server runs with the REST channel enabled.',
      );
      const fallback: AssistantReply = {
        actions: [
          { kind: 'say', text: RASA_UNAVAILABLE_TEXT },
          { kind: 'handoff', reason: 'lowConfidence' },
        ],
      };
      return { text: turn.text, result: fallback };
    }
  }

  apply(state: DialogueState, understood: Understood): { state: DialogueState; actions: BotAction[] } {
    const reply = understood.result as AssistantReply;
    const actions = reply.actions.flatMap(toBotActions);
    // Rasa sent nothing: not a silent assistant — say what it can do
    if (!actions.some((a) => a.kind === 'say' || a.kind === 'handoff')) {
      actions.unshift({ kind: 'say', text: '抱歉，我没有理解您的问题。您可以换个说法，或者说“转人工”联系坐席。' });
    }
    return { state, actions };
  }
}

function toBotActions(action: AssistantAction): BotAction[] {
  switch (action.kind) {
    case 'say':
      return [{ kind: 'say', text: action.text }];
    case 'image':
      // images are not shown in the chat yet: Rasa's text carries the answer
      return [];
    case 'choices':
      return [
        {
          kind: 'choices',
          choices: action.choices.map((c) => ({
            label: c.title,
            // a /handoff payload is the same as typing 转人工
            value: c.handoff ? '转人工' : c.payload.startsWith('/') ? c.title : c.payload,
            action: 'send' as const,
          })),
        },
      ];
    case 'handoff':
      return [{ kind: 'handoff', reason: action.reason }];
    case 'matterLink':
      return [{ kind: 'matter', basicCode: action.basicCode }];
  }
}
