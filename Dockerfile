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
RUN useradd --system --uid 10001 provisioning
USER provisioning
COPY --from=build /app.jar /app/app.jar
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
