import type { Migration } from './index.js';

/** A citizen's WeChat openid (set by WeChat sign-in), for subscribe-message reminders. */
export const citizenWechatOpenid: Migration = {
  name: '0004-citizen-wechat-openid',
  async up({ context: qi }) {
    await qi.sequelize.query('ALTER TABLE citizens ADD COLUMN wechat_openid text UNIQUE');
  },
  async down({ context: qi }) {
    await qi.sequelize.query('ALTER TABLE citizens DROP COLUMN wechat_openid');
  },
};
