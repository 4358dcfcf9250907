# One image per service: docker build --build-arg MODULE=api-gateway (or provisioning-worker) .
FROM eclipse-temurin:17-jdk AS build
ARG MODULE
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY common-contracts common-contracts
COPY infrastructure infrastructure
COPY jobs jobs
COPY api-gateway api-gateway
COPY provisioning-worker provisioning-worker
COPY system-tests/pom.xml system-tests/pom.xml
COPY local-stack/pom.xml local-stack/pom.xml
RUN ./mvnw -q -B -DskipTests -pl ${MODULE} -am package \
 && cp ${MODULE}/target/${MODULE}-*-exec.jar /app.jar

FROM eclipse-temurin:17-jre
ARG MODULE
# the worker dumps and restores tenant databases with pg_dump/pg_restore, of a major version at least
# the server's: PostgreSQL's own apt repository has every version (docs/backups.md)
RUN if [ "$MODULE" = "provisioning-worker" ]; then \
      apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
      && install -d /usr/share/postgresql-common/pgdg \
      && curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc https://www.postgresql.org/media/keys/ACCC4CF8.asc \
      && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt $(. /etc/os-release && echo $VERSION_CODENAME)-pgdg main" \
         > /etc/apt/sources.list.d/pgdg.list \
      && apt-get update && apt-get install -y --no-install-recommends postgresql-client-17 \
      && rm -rf /var/lib/apt/lists/*; \
    fi
RUN useradd --system --uid 10001 provisioning && install -d -o provisioning /backups
USER provisioning
COPY --from=build /app.jar /app/app.jar
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
