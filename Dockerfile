# syntax=docker/dockerfile:1
# The stagegate App as a container: docs/deploy.md explains the variables and the reverse proxy.
# test/scripts/dockerfile.test.ts runs this file's runtime install and start commands in a
# clean copy of the tree, so keep them in the simple shapes it reads (RUN, COPY, ENV, CMD).

# Build: everything, including TypeScript and esbuild, to bundle the App into build/app.js.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the `node` dev dependency would download a second Node binary for nothing.
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN node node_modules/tsx/dist/cli.mjs scripts/build-app.ts

# Run: production dependencies and the bundle only, as the unprivileged `node` user.
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# npm's cache stays in a build cache, out of the image.
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund --ignore-scripts
COPY --from=build /app/build ./build
COPY app.yml ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "build/app.js"]
