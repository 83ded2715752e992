# ssmflow worker image: build the fat jar with Maven, run it on a JRE.
#   docker build -t ssmflow .
#   docker run --rm -e TEMPORAL_ADDRESS=temporal:7233 -e AWS_REGION=eu-west-1 ssmflow worker
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# Poms and the wrapper first, so dependency downloads are cached across source changes.
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY simulator/pom.xml simulator/
COPY workflows/pom.xml workflows/
COPY activities/pom.xml activities/
COPY worker/pom.xml worker/
COPY starter/pom.xml starter/
RUN ./mvnw -q -B dependency:go-offline -DexcludeGroupIds=io.ssmflow || true
COPY . .
RUN ./mvnw -q -B -DskipTests install

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /opt/ssmflow ssmflow
WORKDIR /opt/ssmflow
COPY --from=build /src/starter/target/ssmflow.jar /opt/ssmflow/ssmflow.jar
USER ssmflow
# The worker stops gracefully on SIGTERM (docker stop): polling ends, running activities finish.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/ssmflow/ssmflow.jar"]
CMD ["worker"]
