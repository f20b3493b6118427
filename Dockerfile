# syntax=docker/dockerfile:1
# The bwkit gateway from built JavaScript. Build: build and pack the workspace; install: `npm install` the tarballs
# as any project would; run: plain node, non-root. tests/pack/pack.test.mjs runs the same commands outside Docker.

FROM node:20-bookworm-slim AS build
RUN npm install -g pnpm@10.34.9
WORKDIR /src
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build && node tests/pack/pack.mjs /app

FROM node:20-bookworm-slim AS install
WORKDIR /app
COPY --from=build /app ./
RUN npm install --omit=dev --no-audit --no-fund && rm -f ./*.tgz

# The store: DATABASE_URL or REDIS_URL (compose.yaml sets DATABASE_URL); a SQLite file needs a writable volume and an
# absolute "path" in the config, since /app belongs to root.
FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8787 BWKIT_CONFIG=/etc/bwkit/bwkit.config.json
WORKDIR /app
COPY --from=install /app ./
USER node
EXPOSE 8787
CMD ["node", "node_modules/@bwkit/gateway/dist/main.js"]
