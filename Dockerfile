# One image for the web and the worker processes (docker-compose.yml picks the command).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY server ./server
COPY workers ./workers
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
# glibc malloc as sharp advises: fewer arenas and large blocks given back, so image work does
# not fragment the heap; and V8's young generation at 2 x 4 MB instead of 2 x 16 MB
# (bench:memory measures the web process with these settings).
ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 NODE_OPTIONS=--max-semi-space-size=4
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY templates ./templates
# Stylesheets and scripts are served from the source tree (tsc copies no assets).
COPY server/dashboard/static ./server/dashboard/static
USER node
EXPOSE 3000
CMD ["node", "dist/server/main.js"]
