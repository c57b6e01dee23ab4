# rtpengine for the SIP front: Debian's package, userspace forwarding (no kernel module, no
# privileges). It binds to the container's address and, when RTPENGINE_ADVERTISE is set, writes
# that address into the SDP instead (the host's address the carrier reaches; NAT).
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends rtpengine-daemon \
 && rm -rf /var/lib/apt/lists/*
ENV RTPENGINE_ADVERTISE= RTPENGINE_NG_PORT=22222 RTPENGINE_PORT_MIN=30000 RTPENGINE_PORT_MAX=30199
CMD ["sh", "-c", "bind=$(hostname -i | cut -d' ' -f1); exec rtpengine --foreground --log-stderr --config-file=none --table=-1 --interface=\"$bind${RTPENGINE_ADVERTISE:+!$RTPENGINE_ADVERTISE}\" --listen-ng=0.0.0.0:$RTPENGINE_NG_PORT --port-min=$RTPENGINE_PORT_MIN --port-max=$RTPENGINE_PORT_MAX --delete-delay=0"]
