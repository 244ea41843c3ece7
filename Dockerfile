# The server with its embedded Postgres (or set DATABASE_URL to use your own).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 PORT=3000 DATA_DIR=/data
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build
# Postgres refuses to run as root; the embedded one runs as this user and owns /data.
RUN groupadd postgres && useradd -g postgres postgres && mkdir -p /data && chown postgres:postgres /data
VOLUME /data
EXPOSE 3000
CMD ["npm", "start"]
