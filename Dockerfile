# Production image of the engine with the built agent workbench and citizen H5 app.
# Build: docker build -t cloud-seat .   Run roles with ROLE=web or ROLE=worker (see docker-compose.yml).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY contracts/package.json contracts/
COPY engine/package.json engine/
COPY ivr/package.json ivr/
COPY agent-ui/package.json agent-ui/
COPY miniapp/package.json miniapp/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
COPY sipfront/package.json sipfront/
RUN npm ci --no-audit --no-fund
COPY . .
RUN CI=true node scripts/build.mjs --h5-only && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/contracts/package.json ./contracts/package.json
COPY --from=build /app/contracts/dist ./contracts/dist
COPY --from=build /app/engine/package.json ./engine/package.json
COPY --from=build /app/engine/dist ./engine/dist
COPY --from=build /app/engine/assets ./engine/assets
COPY --from=build /app/agent-ui/dist ./agent-ui/dist
COPY --from=build /app/miniapp/dist/build/h5 ./miniapp/dist/build/h5
USER node
EXPOSE 3000
CMD ["node", "engine/dist/main.js"]
