export * from './knowledge/index.js';
export * from './nlu/index.js';
export * from './dialogue/index.js';
export {
  RasaAssistant,
  actionsFromRasa,
  isHandoffPayload,
  type AssistantAction,
  type AssistantChoice,
  type AssistantReply,
  type AssistantTurn,
} from './rasa/rasaAssistant.js';
export * from './rasa/rasaRestClient.js';
export * from './voice/index.js';
