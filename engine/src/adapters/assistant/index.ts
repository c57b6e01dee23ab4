import { RasaRestClient } from '@cloud-seat/ivr';
import type { Sequelize } from 'sequelize';
import type { Config } from '../../config.js';
import { MATTER_SYNONYMS } from '../../domain/catalog/synonyms.js';
import type { Logger } from '../../logger.js';
import { EmbeddedAssistant } from './embeddedAssistant.js';
import type { FrontLineAssistant } from './frontLineAssistant.js';
import { RasaFrontLine } from './rasaFrontLine.js';

export type { BotAction, BotTurn, FrontLineAssistant, HandoffReason } from './frontLineAssistant.js';

/** The assistant the configuration selects (ASSISTANT), or null when it is off. */
export function createFrontLineAssistant(
  config: Config['assistant'],
  sequelize: Sequelize,
  logger: Logger,
): FrontLineAssistant | null {
  switch (config.kind) {
    case 'off':
      return null;
    case 'embedded':
      return new EmbeddedAssistant(sequelize, MATTER_SYNONYMS);
    case 'rasa':
      return new RasaFrontLine(
        new RasaRestClient({ url: config.url, token: config.token, timeoutMs: config.timeoutMs }),
        logger,
      );
  }
}
