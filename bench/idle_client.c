/* idle_client: opens COUNT keep-alive connections to 127.0.0.1:PORT, sends one
   "GET /plaintext" on each and reads its response (so each is a used keep-alive connection), then
   holds them all open. Used by bench/idle_connections.
   Usage: idle_client PORT COUNT [SRC_ADDR...]
     SRC_ADDR: local addresses to bind the client sockets to, round-robin (e.g. 127.0.0.2
     127.0.0.3), each giving a full ephemeral-port range; without them the kernel picks 127.0.0.1.
   Protocol on stdio: prints "ready OPEN" when all are open, then waits for a line (or EOF) on
   stdin; prints "alive N" (connections the server has not closed meanwhile), closes all, exits.
   Exit status: 0 when all COUNT connections were opened and used, 1 otherwise. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

static const char request[] = "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n";

/* Reads one response: the head up to "\r\n\r\n", then Content-Length bytes of body. */
static int read_response(int fd) {
  char buf[4096];
  size_t n = 0;
  long body = -1;
  for (;;) {
    ssize_t r = read(fd, buf + n, sizeof buf - 1 - n);
    if (r <= 0) return -1;
    n += (size_t)r;
    buf[n] = 0;
    char *end = strstr(buf, "\r\n\r\n");
    if (!end) {
      if (n == sizeof buf - 1) return -1;
      continue;
    }
    if (strncmp(buf, "HTTP/1.1 200", 12) != 0) return -1;
    if (body < 0) {
      char *cl = strcasestr(buf, "\r\ncontent-length:");
      if (!cl || cl > end) return -1;
      body = strtol(cl + 17, 0, 10);
    }
    if ((long)(n - (size_t)(end + 4 - buf)) >= body) return 0;
    if (n == sizeof buf - 1) return -1;
  }
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: idle_client PORT COUNT [SRC_ADDR...]\n");
    return 2;
  }
  int port = atoi(argv[1]), count = atoi(argv[2]), nsrc = argc - 3;
  int *fds = calloc((size_t)count, sizeof *fds);
  struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
  dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  struct timeval tv = {.tv_sec = 10};
  int open = 0, one = 1;
  for (int i = 0; i < count; i++) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
      fprintf(stderr, "idle_client: socket #%d: %s\n", i, strerror(errno));
      break;
    }
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (nsrc > 0) {
      /* The port is chosen at connect() time, by the full 4-tuple, so each source address gets a
         whole ephemeral range rather than one port per bind(). */
      setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
      struct sockaddr_in src = {.sin_family = AF_INET};
      if (inet_pton(AF_INET, argv[3 + i % nsrc], &src.sin_addr) != 1 ||
          bind(fd, (struct sockaddr *)&src, sizeof src) != 0) {
        fprintf(stderr, "idle_client: bind %s: %s\n", argv[3 + i % nsrc], strerror(errno));
        close(fd);
        break;
      }
    }
    if (connect(fd, (struct sockaddr *)&dst, sizeof dst) != 0) {
      fprintf(stderr, "idle_client: connect #%d: %s\n", i, strerror(errno));
      close(fd);
      break;
    }
    errno = 0;
    if (write(fd, request, sizeof request - 1) != (ssize_t)(sizeof request - 1) || read_response(fd) != 0) {
      fprintf(stderr, "idle_client: request on connection #%d failed (%s)\n", i, errno ? strerror(errno) : "bad response");
      close(fd);
      break;
    }
    fds[open++] = fd;
  }
  printf("ready %d\n", open);
  fflush(stdout);

  char line[64];
  if (!fgets(line, sizeof line, stdin)) { /* EOF also means "done" */ }

  /* A connection the server closed is readable (EOF) or hung up; an idle open one is neither. */
  int alive = 0;
  struct pollfd *p = calloc((size_t)(open ? open : 1), sizeof *p);
  for (int i = 0; i < open; i++) p[i] = (struct pollfd){.fd = fds[i], .events = POLLIN | POLLRDHUP};
  if (open) poll(p, (nfds_t)open, 0);
  for (int i = 0; i < open; i++)
    if (!p[i].revents) alive++;
  printf("alive %d\n", alive);
  fflush(stdout);
  for (int i = 0; i < open; i++) close(fds[i]);
  return open == count ? 0 : 1;
}
