#!/bin/sh
# Prepares the FreeSWITCH container, then runs the command (freeswitch by default).
#  - Refuses to start without the secrets the configuration reads from the environment.
#  - Builds wss.pem (certificate chain, then private key, in one file, as FreeSWITCH wants it)
#    from the certificate mounted at /certs (fullchain.pem + privkey.pem, as certbot writes
#    them). Renewed certificates take effect on the next container restart.
set -eu

: "${FREESWITCH_ESL_PASSWORD:?set FREESWITCH_ESL_PASSWORD (the engine uses the same)}"
: "${FREESWITCH_XML_CURL_SECRET:?set FREESWITCH_XML_CURL_SECRET (the engine uses the same)}"

tls_dir="${FREESWITCH_TLS_DIR:-/var/lib/freeswitch/tls}"
mkdir -p "$tls_dir"
if [ -f /certs/fullchain.pem ] && [ -f /certs/privkey.pem ]; then
  umask 077
  cat /certs/fullchain.pem /certs/privkey.pem > "$tls_dir/wss.pem"
elif [ ! -f "$tls_dir/wss.pem" ]; then
  echo "warning: no /certs/fullchain.pem + /certs/privkey.pem and no $tls_dir/wss.pem:" \
    "FreeSWITCH will make a self-signed certificate, which browsers refuse (WSS fails)." >&2
fi
chown -R freeswitch:freeswitch "$tls_dir" /var/lib/freeswitch/recordings 2>/dev/null || true

exec "$@"
