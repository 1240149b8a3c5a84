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
# not fragment the heap (bench:memory measures the web process with these settings).
ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY templates ./templates
# Stylesheets and scripts are served from the source tree (tsc copies no assets).
COPY server/dashboard/static ./server/dashboard/static
USER node
EXPOSE 3000
# The web process keeps V8's young generation at 2 x 4 MB (its renders' short-lived buffers;
# bench:memory); the worker (docker-compose.yml) keeps V8's default: with many publish jobs at
# once a small young generation promotes their objects early, costing memory and CPU
# (bench:publish: worker peak 283 MB → 228 MB, CPU per post -12 %).
CMD ["node", "--max-semi-space-size=4", "dist/server/main.js"]
