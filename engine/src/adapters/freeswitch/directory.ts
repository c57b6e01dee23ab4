/**
 * The directory FreeSWITCH asks for over mod_xml_curl when a softphone registers or calls
 * (`section=directory`, `user`, `domain`, form-encoded): the user's password as the engine issued
 * it (seats at GET /api/seat/sip, citizens per call ticket), or `<result status="not found"/>`.
 */
import { z } from 'zod';

/** What mod_xml_curl posts that we read; other fields (hostname, key_name, Event-*) are ignored. */
export const directoryRequestSchema = z
  .object({
    section: z.literal('directory'),
    user: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/)
      .optional(),
    domain: z.string().regex(/^[A-Za-z0-9.-]{1,253}$/),
    action: z.string().optional(),
  })
  .loose();
export type DirectoryRequest = z.infer<typeof directoryRequestSchema>;

const xmlEscape = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

export const NOT_FOUND_DOCUMENT =
  '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' +
  '<document type="freeswitch/xml">\n  <section name="result">\n    <result status="not found"/>\n  </section>\n</document>\n';

/** The user's entry (its password, and a dial-string that finds its registered contact). */
export function directoryDocument(domain: string, found: { user: string; password: string } | null): string {
  if (!found) return NOT_FOUND_DOCUMENT;
  const d = xmlEscape(domain);
  const u = xmlEscape(found.user);
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<document type="freeswitch/xml">
  <section name="directory">
    <domain name="${d}">
      <params>
        <param name="dial-string" value="{^^:sip_invite_domain=\${dialed_domain}:presence_id=\${dialed_user}@\${dialed_domain}}\${sofia_contact(*/\${dialed_user}@\${dialed_domain})}"/>
      </params>
      <user id="${u}">
        <params>
          <param name="password" value="${xmlEscape(found.password)}"/>
        </params>
      </user>
    </domain>
  </section>
</document>
`;
}
