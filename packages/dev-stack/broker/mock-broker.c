/*
 * Development Kafka-protocol broker: librdkafka's mock cluster in a process of
 * its own, because no real Kafka can run on the development machines.
 *
 *   mock-broker [--brokers N] [--topics-file PATH] [name:partitions ...]
 *
 * Prints the bootstrap list ("127.0.0.1:port,...") as one line on stdout once
 * every topic exists, then serves until SIGTERM/SIGINT or until stdin reaches
 * EOF. The stdin rule ties its life to the parent: when the Node process that
 * started it dies, however it dies, the pipe closes and the broker exits.
 *
 * Lines "down" and "up" on stdin take every broker offline (connections dropped,
 * new ones refused) and back, at the same addresses, answering "ok down" or
 * "ok up": a broker outage for fault-injection tests.
 *
 * Ports are random: librdkafka 2.0.2's mock brokers always bind 127.0.0.1:0
 * and neither the mock API nor a configuration property can choose them.
 */
#define _GNU_SOURCE /* ppoll() */
#include <errno.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested = 0;

static void on_signal(int sig) {
  (void)sig;
  stop_requested = 1;
}

static int die(const char *msg, const char *detail) {
  fprintf(stderr, "mock-broker: %s%s%s\n", msg, detail ? ": " : "", detail ? detail : "");
  return 2;
}

/* Creates one topic from "name:partitions"; returns 0 on success. */
static int create_topic(rd_kafka_mock_cluster_t *mc, const char *spec, int replicas) {
  char name[256];
  const char *colon = strrchr(spec, ':');
  char *end = NULL;
  long partitions = colon ? strtol(colon + 1, &end, 10) : 0;
  size_t len = colon ? (size_t)(colon - spec) : 0;
  if (!colon || len == 0 || len >= sizeof(name) || *end != '\0' || partitions < 1 ||
      partitions > 10000)
    return die("bad topic spec (want name:partitions)", spec);
  memcpy(name, spec, len);
  name[len] = '\0';
  rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(mc, name, (int)partitions, replicas);
  if (err) return die(rd_kafka_err2str(err), name);
  return 0;
}

static int create_topics_from_file(rd_kafka_mock_cluster_t *mc, const char *path, int replicas) {
  FILE *f = fopen(path, "r");
  char spec[300];
  if (!f) return die(strerror(errno), path);
  /* Whitespace-separated specs, so one per line and one line of many both work. */
  while (fscanf(f, "%299s", spec) == 1) {
    if (create_topic(mc, spec, replicas)) {
      fclose(f);
      return 2;
    }
  }
  fclose(f);
  return 0;
}

/* "down" / "up": every broker of the cluster at once, as a whole-cluster outage. */
static void set_availability(rd_kafka_mock_cluster_t *mc, int brokers, const char *command) {
  int down = !strcmp(command, "down");
  if (!down && strcmp(command, "up")) return;
  for (int id = 1; id <= brokers; id++) {
    if (down)
      rd_kafka_mock_broker_set_down(mc, id);
    else
      rd_kafka_mock_broker_set_up(mc, id);
  }
  printf("ok %s\n", command);
  fflush(stdout);
}

int main(int argc, char **argv) {
  int brokers = 1;
  char errstr[512];

  /* Block the stop signals before librdkafka starts its threads (they inherit
   * the mask), so they reach only the ppoll() below and cannot slip in
   * between a flag check and the wait. */
  sigset_t stop_set, wait_mask;
  sigemptyset(&stop_set);
  sigaddset(&stop_set, SIGTERM);
  sigaddset(&stop_set, SIGINT);
  sigprocmask(SIG_BLOCK, &stop_set, &wait_mask);
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);

  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--brokers") && i + 1 < argc) {
      brokers = atoi(argv[++i]);
      if (brokers < 1 || brokers > 32) return die("--brokers must be 1..32", argv[i]);
    }
  }

  /* The mock cluster needs a client instance for its bookkeeping only; it
   * never connects anywhere, so its own logging is kept to errors. */
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof(errstr));
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
  if (!rk) return die("rd_kafka_new failed", errstr);
  rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, brokers);
  if (!mc) return die("rd_kafka_mock_cluster_new failed", NULL);

  int replicas = brokers < 3 ? brokers : 3;
  int status = 0;
  for (int i = 1; i < argc && !status; i++) {
    if (!strcmp(argv[i], "--brokers"))
      i++;
    else if (!strcmp(argv[i], "--topics-file") && i + 1 < argc)
      status = create_topics_from_file(mc, argv[++i], replicas);
    else
      status = create_topic(mc, argv[i], replicas);
  }

  if (!status) {
    /* The parent waits for exactly this line, so flush it now rather than at exit. */
    printf("%s\n", rd_kafka_mock_cluster_bootstraps(mc));
    fflush(stdout);

    struct pollfd in = {.fd = STDIN_FILENO, .events = POLLIN};
    char buf[256];
    while (!stop_requested) {
      int n = ppoll(&in, 1, NULL, &wait_mask);
      if (n < 0 && errno != EINTR) break;
      if (n <= 0 || !(in.revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL))) continue;
      /* A read of 0 (EOF) or an error means the parent is gone. */
      ssize_t len = read(STDIN_FILENO, buf, sizeof(buf) - 1);
      if (len <= 0) break;
      buf[len] = '\0';
      for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
        set_availability(mc, brokers, line);
    }
  }

  /* No rd_kafka_mock_cluster_destroy(): it waits about a second for its thread, and the
   * cluster holds nothing but memory and sockets, which the kernel releases at once. */
  fflush(NULL);
  _exit(status);
}
