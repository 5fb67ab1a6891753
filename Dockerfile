# claimwire in one image: workers (the default command), the API (`serve`) and the nightly discovery job.
# Build: docker build -t claimwire .   Run: see docker-compose.yml. Checked by test/unit/config/dockerfile.test.ts.

# 1. Compile TypeScript to dist/ (needs the dev dependencies: typescript).
FROM node:20.20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/ scripts/
COPY config/ config/
COPY src/ src/
COPY workers/ workers/
RUN npm run build

# 2. Production dependencies only (no tsx, typescript, biome or test tools).
FROM node:20.20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# 3. The runtime: compiled code, production node_modules, a non-root user.
FROM node:20.20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    CLAIMWIRE_HOME=/var/lib/claimwire \
    CLAIMWIRE_SOURCES=/etc/claimwire/sources.json \
    CLAIMWIRE_HOST=0.0.0.0
WORKDIR /app
COPY --from=deps /app/node_modules/ node_modules/
COPY --from=build /src/dist/ dist/
COPY package.json README.md ./
COPY bin/ bin/
COPY config/sources.json config/
COPY config/elasticsearch-runner/pom.xml config/elasticsearch-runner/
COPY samples/ samples/
# The sources file is seeded from config/sources.json on first use; mount your own at /etc/claimwire.
# catalog/ exists (owned by node) so that a volume mounted there (docker-compose.yml shares one between the workers
# and the API, for `actors import`) starts out writable by the non-root user.
RUN mkdir -p /var/lib/claimwire/catalog /etc/claimwire \
    && chown node:node /var/lib/claimwire /var/lib/claimwire/catalog /etc/claimwire
USER node
VOLUME ["/var/lib/claimwire"]
EXPOSE 8080 9464
ENTRYPOINT ["node", "bin/claimwire.js"]
CMD ["worker", "--no-schedule", "--metrics-port", "9464"]
