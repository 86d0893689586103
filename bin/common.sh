# Shared by the bin/ scripts: resolves the project home, checks Java, builds when needed, runs a class.
# Sourced, not executed.

DS_HOME="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

# What spark-submit adds on Java 17 (Spark's JavaModuleOptions); the same list is in the pom's surefire argLine.
DS_JAVA_OPENS="-XX:+IgnoreUnrecognizedVMOptions \
 --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
 --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
 --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
 --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
 --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED \
 --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED \
 --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
 -Djdk.reflect.useDirectMethodHandle=false -Daws.java.v1.disableDeprecationAnnouncement=true"

ds_die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

# Picks java from JAVA_HOME or PATH and checks it can run Spark 3.5 (Java 17 to 22).
ds_java() {
  if [ -n "${JAVA_HOME:-}" ]; then
    DS_JAVA="$JAVA_HOME/bin/java"
  else
    DS_JAVA="$(command -v java || true)"
  fi
  [ -n "$DS_JAVA" ] && [ -x "$DS_JAVA" ] || ds_die "no java found: install a JDK 17 or set JAVA_HOME"
  local version major
  version="$("$DS_JAVA" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
  major="${version%%.*}"
  [ "$major" = "1" ] && major="$(echo "$version" | cut -d. -f2)"
  if [ -z "$major" ] || [ "$major" -lt 17 ] 2>/dev/null; then
    ds_die "Java $version found ($DS_JAVA); this job needs Java 17: set JAVA_HOME to a JDK 17"
  fi
  if [ "$major" -ge 23 ]; then
    ds_die "Java $version found ($DS_JAVA); Spark 3.5 does not run on Java 23+ (Hadoop's Subject API): set JAVA_HOME to a JDK 17"
  fi
}

# Builds the classes and the local tools' classpath when missing or older than the sources.
# DS_SKIP_BUILD=1: the caller has just built (the test suite running the documentation's examples).
ds_build_if_needed() {
  local stamp="$DS_HOME/target/local/.built"
  if [ -n "${DS_SKIP_BUILD:-}" ]; then
    return 0
  fi
  if [ -f "$stamp" ] && [ -z "$(find "$DS_HOME/src" "$DS_HOME/pom.xml" -newer "$stamp" -type f 2>/dev/null | head -1)" ]; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || ds_die "Maven (mvn) is needed to build the project the first time"
  echo "$(basename "$0"): building the project (mvn -DskipTests test-compile) ..." >&2
  (cd "$DS_HOME" && mvn -B -q -DskipTests test-compile) || ds_die "build failed"
  touch "$stamp"
}

# Runs a class of the local tools (src/local) with the full test classpath, Spark's Java options and the project home.
ds_run_local_class() {
  ds_java
  ds_build_if_needed
  local cp="$DS_HOME/target/test-classes:$DS_HOME/target/classes:$(cat "$DS_HOME/target/local/classpath.txt")"
  # shellcheck disable=SC2086
  exec "$DS_JAVA" -Xmx2g $DS_JAVA_OPENS ${DS_JAVA_OPTS:-} -Ddirectstream.home="$DS_HOME" -cp "$cp" "$@"
}

# Runs a class of the job itself (bin/stop, the tools): with the job jar and Spark's jars when SPARK_HOME is set and
# the jar was built (mvn package), as on a cluster's gateway host; else from this checkout's build.
ds_run_job_class() {
  ds_java
  local jar
  jar="$(ls "$DS_HOME"/target/direct-stream-job-*.jar 2>/dev/null | grep -v '/original-' | head -1 || true)"
  if [ -n "${SPARK_HOME:-}" ] && [ -n "$jar" ]; then
    # shellcheck disable=SC2086
    exec "$DS_JAVA" ${DS_JAVA_OPTS:-} -Daws.java.v1.disableDeprecationAnnouncement=true -cp "$jar:$SPARK_HOME/jars/*" "$@"
  fi
  ds_run_local_class "$@"
}

# The line --version prints for a shell command (the Java commands print theirs with the build's id).
ds_version() {
  local v
  v="$(sed -n 's|^  <version>\(.*\)</version>.*|\1|p' "$DS_HOME/pom.xml" | head -1)"
  echo "$1 (direct-stream-job ${v:-unknown})"
}
