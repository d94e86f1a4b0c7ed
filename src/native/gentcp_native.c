/*
 * gentcp_native: a small, optional, Linux-only N-API addon giving gentcp the
 * socket operations Node's `net` cannot express (exact listen backlog, lazy
 * accept, SHUT_RD, setsockopt/getsockopt, SO_LINGER, SIOCOUTQ/SIOCINQ,
 * cancellable non-blocking sends, writability waits on fds libuv also owns).
 *
 * Error convention (see index.ts): every function THROWS an Error with
 *   .code    'EADDRINUSE', 'EBADF', ... (libuv/Node names)
 *   .errno   negative errno (Node convention, e.g. -98)
 *   .syscall 'bind', 'setsockopt', ...
 * except for the expected "would block" outcomes, which are values:
 *   accept()  -> {fd, peer}, null on EAGAIN
 *   trySend() -> 0 on EAGAIN
 *   tryRecv() -> null on EAGAIN (0 means EOF)
 *
 * Everything runs on the JS thread; uv handles live on the env's loop.
 */
#include <node_api.h>
#include <uv.h>

#include <arpa/inet.h>
#include <errno.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* helpers                                                             */
/* ------------------------------------------------------------------ */

#define CHECK(env, call)                                                  \
  do {                                                                    \
    if ((call) != napi_ok) {                                              \
      const napi_extended_error_info* info__ = NULL;                      \
      bool pending__ = false;                                             \
      napi_is_exception_pending((env), &pending__);                       \
      if (!pending__) {                                                   \
        napi_get_last_error_info((env), &info__);                         \
        napi_throw_error((env), "ENAPI",                                  \
                         info__ && info__->error_message                  \
                             ? info__->error_message                      \
                             : "N-API call failed: " #call);              \
      }                                                                   \
      return NULL;                                                        \
    }                                                                     \
  } while (0)

static napi_value throw_errno(napi_env env, int err, const char* syscall) {
  char name[64];
  char msg[256];
  napi_value code, message, error, errno_v, syscall_v;
  uv_err_name_r(-err, name, sizeof(name));
  snprintf(msg, sizeof(msg), "%s %s: %s", syscall, name, strerror(err));
  if (napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &code) != napi_ok) return NULL;
  if (napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &message) != napi_ok) return NULL;
  if (napi_create_error(env, code, message, &error) != napi_ok) return NULL;
  napi_create_int32(env, -err, &errno_v);
  napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &syscall_v);
  napi_set_named_property(env, error, "errno", errno_v);
  napi_set_named_property(env, error, "syscall", syscall_v);
  napi_throw(env, error);
  return NULL;
}

static napi_value throw_type(napi_env env, const char* msg) {
  napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", msg);
  return NULL;
}

static napi_value throw_range(napi_env env, const char* msg) {
  napi_throw_range_error(env, "ERR_OUT_OF_RANGE", msg);
  return NULL;
}

/* Reads an int32 argument; returns 0 and throws on failure. */
static int arg_int32(napi_env env, napi_value v, const char* what, int32_t* out) {
  napi_valuetype t;
  double d;
  char msg[128];
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_number) {
    snprintf(msg, sizeof(msg), "%s must be a number", what);
    throw_type(env, msg);
    return 0;
  }
  napi_get_value_double(env, v, &d);
  if (d != d || d < -2147483648.0 || d > 2147483647.0 || (double)(int32_t)d != d) {
    snprintf(msg, sizeof(msg), "%s must be a 32-bit integer", what);
    throw_range(env, msg);
    return 0;
  }
  *out = (int32_t)d;
  return 1;
}

static int arg_fd(napi_env env, napi_value v, int* fd) {
  int32_t x;
  if (!arg_int32(env, v, "fd", &x)) return 0;
  if (x < 0) {
    throw_range(env, "fd must be >= 0");
    return 0;
  }
  *fd = x;
  return 1;
}

static int arg_bool(napi_env env, napi_value v, const char* what, bool* out) {
  napi_valuetype t;
  char msg[128];
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_boolean) {
    snprintf(msg, sizeof(msg), "%s must be a boolean", what);
    throw_type(env, msg);
    return 0;
  }
  napi_get_value_bool(env, v, out);
  return 1;
}

/* Copies a string (or Buffer) argument into buf (bytes, not NUL-terminated
 * semantics: *len is the byte count; buf is also NUL-terminated). */
static int arg_bytes(napi_env env, napi_value v, const char* what, char* buf, size_t cap,
                     size_t* len) {
  napi_valuetype t;
  bool is_buf = false;
  char msg[128];
  napi_typeof(env, v, &t);
  if (t == napi_string) {
    size_t need = 0;
    napi_get_value_string_utf8(env, v, NULL, 0, &need);
    if (need + 1 > cap) {
      snprintf(msg, sizeof(msg), "%s is too long", what);
      throw_range(env, msg);
      return 0;
    }
    napi_get_value_string_utf8(env, v, buf, cap, len);
    return 1;
  }
  napi_is_buffer(env, v, &is_buf);
  if (is_buf) {
    void* data;
    size_t n;
    napi_get_buffer_info(env, v, &data, &n);
    if (n + 1 > cap) {
      snprintf(msg, sizeof(msg), "%s is too long", what);
      throw_range(env, msg);
      return 0;
    }
    memcpy(buf, data, n);
    buf[n] = 0;
    *len = n;
    return 1;
  }
  snprintf(msg, sizeof(msg), "%s must be a string or Buffer", what);
  throw_type(env, msg);
  return 0;
}

/* Gets a named property; *present = false if undefined/null. */
static int get_prop(napi_env env, napi_value obj, const char* name, napi_value* out, bool* present) {
  napi_valuetype t;
  if (napi_get_named_property(env, obj, name, out) != napi_ok) return 0;
  napi_typeof(env, *out, &t);
  *present = !(t == napi_undefined || t == napi_null);
  return 1;
}

static uv_loop_t* get_loop(napi_env env) {
  uv_loop_t* loop = NULL;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok) return NULL;
  return loop;
}

/* Reports an exception left by a callback invoked from a uv callback. */
static void report_pending(napi_env env, napi_status st) {
  bool pending = false;
  if (st == napi_ok) return;
  napi_is_exception_pending(env, &pending);
  if (pending) {
    napi_value exc;
    napi_get_and_clear_last_exception(env, &exc);
    napi_fatal_exception(env, exc);
  }
}

static napi_value make_int(napi_env env, int64_t v) {
  napi_value r;
  napi_create_int64(env, v, &r);
  return r;
}

static napi_value sockaddr_to_js(napi_env env, const struct sockaddr_storage* ss, socklen_t len) {
  napi_value o, v;
  char buf[INET6_ADDRSTRLEN + 1];
  CHECK(env, napi_create_object(env, &o));
  if (ss->ss_family == AF_INET) {
    const struct sockaddr_in* a = (const struct sockaddr_in*)ss;
    inet_ntop(AF_INET, &a->sin_addr, buf, sizeof(buf));
    napi_create_string_utf8(env, "inet", NAPI_AUTO_LENGTH, &v);
    napi_set_named_property(env, o, "family", v);
    napi_create_string_utf8(env, buf, NAPI_AUTO_LENGTH, &v);
    napi_set_named_property(env, o, "address", v);
    napi_set_named_property(env, o, "port", make_int(env, ntohs(a->sin_port)));
  } else if (ss->ss_family == AF_INET6) {
    const struct sockaddr_in6* a = (const struct sockaddr_in6*)ss;
    inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof(buf));
    napi_create_string_utf8(env, "inet6", NAPI_AUTO_LENGTH, &v);
    napi_set_named_property(env, o, "family", v);
    napi_create_string_utf8(env, buf, NAPI_AUTO_LENGTH, &v);
    napi_set_named_property(env, o, "address", v);
    napi_set_named_property(env, o, "port", make_int(env, ntohs(a->sin6_port)));
  } else if (ss->ss_family == AF_UNIX) {
    const struct sockaddr_un* a = (const struct sockaddr_un*)ss;
    size_t n = len > offsetof(struct sockaddr_un, sun_path) ? len - offsetof(struct sockaddr_un, sun_path) : 0;
    /* pathname sockets include a trailing NUL in len; abstract ones start with NUL */
    if (n > 0 && a->sun_path[0] != 0) n = strnlen(a->sun_path, n);
    napi_create_string_utf8(env, "local", NAPI_AUTO_LENGTH, &v);
    napi_set_named_property(env, o, "family", v);
    napi_create_string_latin1(env, a->sun_path, n, &v);
    napi_set_named_property(env, o, "path", v);
    napi_set_named_property(env, o, "port", make_int(env, 0));
  } else {
    napi_create_string_utf8(env, "unspec", NAPI_AUTO_LENGTH, &v);
    napi_set_named_property(env, o, "family", v);
  }
  return o;
}

/* ------------------------------------------------------------------ */
/* listen / accept / close                                             */
/* ------------------------------------------------------------------ */

/* listen({family, address, port, backlog, reuseaddr, path?, ipv6Only?}) -> {fd, port} */
static napi_value js_listen(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], v, result;
  bool present;
  char family[16], addr[256];
  size_t flen = 0, alen = 0;
  int32_t port = 0, backlog = 0;
  bool reuseaddr = false, v6only = false, has_v6only = false;
  int af, fd, one = 1;
  struct sockaddr_storage ss;
  socklen_t sslen = 0;
  napi_valuetype t;

  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1 || napi_typeof(env, argv[0], &t) != napi_ok || t != napi_object)
    return throw_type(env, "listen(opts): opts must be an object");

  if (!get_prop(env, argv[0], "family", &v, &present)) return NULL;
  if (!present) return throw_type(env, "opts.family is required");
  if (!arg_bytes(env, v, "opts.family", family, sizeof(family), &flen)) return NULL;
  if (strcmp(family, "inet") == 0) af = AF_INET;
  else if (strcmp(family, "inet6") == 0) af = AF_INET6;
  else if (strcmp(family, "local") == 0) af = AF_UNIX;
  else return throw_type(env, "opts.family must be 'inet', 'inet6' or 'local'");

  if (!get_prop(env, argv[0], "backlog", &v, &present)) return NULL;
  if (!present) return throw_type(env, "opts.backlog is required");
  if (!arg_int32(env, v, "opts.backlog", &backlog)) return NULL;

  if (!get_prop(env, argv[0], "reuseaddr", &v, &present)) return NULL;
  if (present && !arg_bool(env, v, "opts.reuseaddr", &reuseaddr)) return NULL;

  memset(&ss, 0, sizeof(ss));
  if (af == AF_UNIX) {
    struct sockaddr_un* un = (struct sockaddr_un*)&ss;
    if (!get_prop(env, argv[0], "path", &v, &present)) return NULL;
    if (!present) {
      if (!get_prop(env, argv[0], "address", &v, &present)) return NULL;
    }
    if (!present) return throw_type(env, "opts.path is required for family 'local'");
    if (!arg_bytes(env, v, "opts.path", addr, sizeof(addr), &alen)) return NULL;
    if (alen == 0 || alen > sizeof(un->sun_path)) return throw_range(env, "opts.path length must be 1..108 bytes");
    un->sun_family = AF_UNIX;
    memcpy(un->sun_path, addr, alen);
    /* abstract addresses (leading NUL) use the exact length */
    sslen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + alen + (addr[0] != 0 ? 1 : 0));
    if (addr[0] != 0 && alen == sizeof(un->sun_path)) sslen = sizeof(struct sockaddr_un);
  } else {
    if (!get_prop(env, argv[0], "port", &v, &present)) return NULL;
    if (present && !arg_int32(env, v, "opts.port", &port)) return NULL;
    if (port < 0 || port > 65535) return throw_range(env, "opts.port must be 0..65535");
    if (!get_prop(env, argv[0], "address", &v, &present)) return NULL;
    if (present) {
      if (!arg_bytes(env, v, "opts.address", addr, sizeof(addr), &alen)) return NULL;
    }
    if (!present || alen == 0) strcpy(addr, af == AF_INET ? "0.0.0.0" : "::");
    if (af == AF_INET6) {
      if (!get_prop(env, argv[0], "ipv6Only", &v, &present)) return NULL;
      if (present) {
        if (!arg_bool(env, v, "opts.ipv6Only", &v6only)) return NULL;
        has_v6only = true;
      }
    }
    if (af == AF_INET) {
      struct sockaddr_in* in = (struct sockaddr_in*)&ss;
      in->sin_family = AF_INET;
      in->sin_port = htons((uint16_t)port);
      if (inet_pton(AF_INET, addr, &in->sin_addr) != 1) return throw_errno(env, EINVAL, "inet_pton");
      sslen = sizeof(*in);
    } else {
      struct sockaddr_in6* in6 = (struct sockaddr_in6*)&ss;
      char* pct = strchr(addr, '%');
      in6->sin6_family = AF_INET6;
      in6->sin6_port = htons((uint16_t)port);
      if (pct) {
        *pct = 0;
        in6->sin6_scope_id = (uint32_t)strtoul(pct + 1, NULL, 10);
      }
      if (inet_pton(AF_INET6, addr, &in6->sin6_addr) != 1) return throw_errno(env, EINVAL, "inet_pton");
      sslen = sizeof(*in6);
    }
  }

  fd = socket(af, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, errno, "socket");
  if (reuseaddr && af != AF_UNIX && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0) {
    int e = errno;
    close(fd);
    return throw_errno(env, e, "setsockopt");
  }
  if (has_v6only) {
    int x = v6only ? 1 : 0;
    if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &x, sizeof(x)) < 0) {
      int e = errno;
      close(fd);
      return throw_errno(env, e, "setsockopt");
    }
  }
  if (bind(fd, (struct sockaddr*)&ss, sslen) < 0) {
    int e = errno;
    close(fd);
    return throw_errno(env, e, "bind");
  }
  if (listen(fd, backlog) < 0) {
    int e = errno;
    close(fd);
    return throw_errno(env, e, "listen");
  }
  port = 0;
  if (af != AF_UNIX) {
    struct sockaddr_storage bound;
    socklen_t blen = sizeof(bound);
    if (getsockname(fd, (struct sockaddr*)&bound, &blen) == 0) {
      port = ntohs(bound.ss_family == AF_INET ? ((struct sockaddr_in*)&bound)->sin_port
                                              : ((struct sockaddr_in6*)&bound)->sin6_port);
    }
  }
  CHECK(env, napi_create_object(env, &result));
  napi_set_named_property(env, result, "fd", make_int(env, fd));
  napi_set_named_property(env, result, "port", make_int(env, port));
  return result;
}

/* accept(fd) -> {fd, peer} | null (EAGAIN): accept4, with the peer's address accept4 wrote,
   which the caller would otherwise ask getpeername(2) for. */
static napi_value js_accept(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], nul, result;
  struct sockaddr_storage ss;
  socklen_t len;
  int fd, c;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1 || !arg_fd(env, argv[0], &fd)) return argc < 1 ? throw_type(env, "accept(fd)") : NULL;
  do {
    len = sizeof(ss);
    memset(&ss, 0, sizeof(ss));
    c = accept4(fd, (struct sockaddr*)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
  } while (c < 0 && errno == EINTR);
  if (c < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      napi_get_null(env, &nul);
      return nul;
    }
    return throw_errno(env, errno, "accept");
  }
  CHECK(env, napi_create_object(env, &result));
  napi_set_named_property(env, result, "fd", make_int(env, c));
  napi_set_named_property(env, result, "peer", sockaddr_to_js(env, &ss, len));
  return result;
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int fd;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1) return throw_type(env, "close(fd)");
  if (!arg_fd(env, argv[0], &fd)) return NULL;
  /* On Linux the fd is released even when close() returns EINTR: never retry. */
  if (close(fd) < 0 && errno != EINTR) return throw_errno(env, errno, "close");
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Per-env handle tracking.                                            */
/*                                                                     */
/* Every uv handle we open is counted until its close callback runs.   */
/* An async env cleanup hook (worker exit, process teardown) closes     */
/* every handle still open, without calling JS, and only reports done  */
/* once all close callbacks have run. This matters for workers: Node   */
/* dlcloses the addon after cleanup, and a close callback that ran     */
/* later would jump into unmapped code.                                */
/* ------------------------------------------------------------------ */

typedef struct link_s {
  struct link_s* prev;
  struct link_s* next;
  void (*teardown)(struct link_s*); /* closes the handles without JS */
} link_t;

typedef struct {
  link_t live;     /* objects whose handles are not closing yet */
  int handles;     /* uv handles whose close callback has not run */
  int tearing_down;
  napi_async_cleanup_hook_handle hook;
} state_t;

static void st_track(state_t* st, link_t* l, void (*teardown)(link_t*)) {
  l->teardown = teardown;
  l->next = st->live.next;
  l->prev = &st->live;
  st->live.next->prev = l;
  st->live.next = l;
}

static void st_untrack(link_t* l) {
  if (l->next) {
    l->prev->next = l->next;
    l->next->prev = l->prev;
    l->next = l->prev = NULL;
  }
}

static void st_handle_closed(state_t* st) {
  if (--st->handles == 0 && st->tearing_down) {
    napi_remove_async_cleanup_hook(st->hook);
    free(st);
  }
}

static void st_cleanup_hook(napi_async_cleanup_hook_handle handle, void* arg) {
  state_t* st = (state_t*)arg;
  st->tearing_down = 1;
  st->hook = handle;
  while (st->live.next != &st->live) {
    link_t* l = st->live.next;
    st_untrack(l);
    l->teardown(l);
  }
  if (st->handles == 0) {
    napi_remove_async_cleanup_hook(handle);
    free(st);
  }
}

static state_t* get_state(napi_env env) {
  void* data = NULL;
  if (napi_get_instance_data(env, &data) != napi_ok || !data) {
    napi_throw_error(env, "ENAPI", "gentcp_native: no instance data");
    return NULL;
  }
  if (((state_t*)data)->tearing_down) {
    napi_throw_error(env, "ENAPI", "gentcp_native: environment is shutting down");
    return NULL;
  }
  return (state_t*)data;
}

/* ------------------------------------------------------------------ */
/* Poller: a uv_poll_t on an fd that libuv does not otherwise watch.  */
/* ------------------------------------------------------------------ */

typedef struct {
  link_t link; /* first member */
  uv_poll_t handle;
  state_t* st;
  napi_env env;
  napi_ref cb;
  napi_ref self; /* weak while stopped, strong while started */
  napi_async_context actx;
  int fd;
  int events;
  int started;
  int closing;       /* uv_close called */
  int handle_closed; /* close callback ran */
  int finalized;     /* JS object gone */
} poller_t;

static void poller_on_close(uv_handle_t* h) {
  poller_t* p = (poller_t*)h->data;
  state_t* st = p->st;
  p->handle_closed = 1;
  if (p->finalized) free(p);
  st_handle_closed(st);
}

static void poller_begin_close(poller_t* p) {
  if (p->closing) return;
  p->closing = 1;
  st_untrack(&p->link);
  uv_poll_stop(&p->handle);
  uv_close((uv_handle_t*)&p->handle, poller_on_close);
}

static void poller_teardown(link_t* l) { poller_begin_close((poller_t*)l); }

static void poller_finalize(napi_env env, void* data, void* hint) {
  poller_t* p = (poller_t*)data;
  p->finalized = 1;
  if (p->cb) {
    napi_delete_reference(env, p->cb);
    p->cb = NULL;
  }
  if (p->actx) {
    napi_async_destroy(env, p->actx);
    p->actx = NULL;
  }
  if (p->self) {
    napi_delete_reference(env, p->self);
    p->self = NULL;
  }
  if (!p->closing) poller_begin_close(p);
  else if (p->handle_closed) free(p);
}

static void poller_on_poll(uv_poll_t* h, int status, int events) {
  poller_t* p = (poller_t*)h->data;
  napi_env env = p->env;
  napi_handle_scope scope;
  napi_value cb, recv, argv[2];
  napi_status st;
  if (p->closing || !p->cb) return;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  if (napi_get_reference_value(env, p->cb, &cb) == napi_ok && cb != NULL) {
    napi_get_global(env, &recv);
    argv[0] = make_int(env, status);
    argv[1] = make_int(env, events & (UV_READABLE | UV_WRITABLE));
    st = napi_make_callback(env, p->actx, recv, cb, 2, argv, NULL);
    report_pending(env, st);
  }
  napi_close_handle_scope(env, scope);
}

static int parse_events(napi_env env, napi_value v, int* events) {
  char buf[8];
  size_t len = 0;
  if (!arg_bytes(env, v, "events", buf, sizeof(buf), &len)) return 0;
  if (strcmp(buf, "r") == 0) *events = UV_READABLE;
  else if (strcmp(buf, "w") == 0) *events = UV_WRITABLE;
  else if (strcmp(buf, "rw") == 0) *events = UV_READABLE | UV_WRITABLE;
  else {
    throw_type(env, "events must be 'r', 'w' or 'rw'");
    return 0;
  }
  return 1;
}

static napi_value poller_ctor(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3], self, name;
  napi_valuetype t;
  int fd, events, r;
  uv_loop_t* loop;
  poller_t* p;
  state_t* st;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, &self, NULL));
  if (argc < 3) return throw_type(env, "new Poller(fd, events, callback)");
  if (!arg_fd(env, argv[0], &fd)) return NULL;
  if (!parse_events(env, argv[1], &events)) return NULL;
  napi_typeof(env, argv[2], &t);
  if (t != napi_function) return throw_type(env, "callback must be a function");
  if (!(st = get_state(env))) return NULL;
  loop = get_loop(env);
  if (!loop) return throw_errno(env, EINVAL, "napi_get_uv_event_loop");
  p = (poller_t*)calloc(1, sizeof(*p));
  if (!p) return throw_errno(env, ENOMEM, "calloc");
  p->env = env;
  p->st = st;
  p->fd = fd;
  p->events = events;
  r = uv_poll_init(loop, &p->handle, fd);
  if (r < 0) {
    free(p);
    return throw_errno(env, -r, "uv_poll_init");
  }
  p->handle.data = p;
  st->handles++;
  st_track(st, &p->link, poller_teardown);
  if (napi_create_reference(env, argv[2], 1, &p->cb) != napi_ok ||
      napi_create_string_utf8(env, "gentcp:Poller", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_async_init(env, NULL, name, &p->actx) != napi_ok ||
      napi_wrap(env, self, p, poller_finalize, NULL, &p->self) != napi_ok) {
    if (p->cb) napi_delete_reference(env, p->cb);
    if (p->actx) napi_async_destroy(env, p->actx);
    p->cb = NULL;
    p->actx = NULL;
    p->finalized = 1; /* no JS object owns it: the close callback frees it */
    poller_begin_close(p);
    return NULL;
  }
  return self;
}

static poller_t* poller_this(napi_env env, napi_callback_info info, size_t* argc, napi_value* argv) {
  napi_value self;
  void* data = NULL;
  size_t zero = 0;
  if (napi_get_cb_info(env, info, argc ? argc : &zero, argv, &self, NULL) != napi_ok) return NULL;
  if (napi_unwrap(env, self, &data) != napi_ok || !data) {
    throw_type(env, "not a Poller");
    return NULL;
  }
  return (poller_t*)data;
}

static napi_value poller_start(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_valuetype t = napi_undefined;
  int r;
  poller_t* p = poller_this(env, info, &argc, argv);
  if (!p) return NULL;
  if (p->closing) return throw_errno(env, EBADF, "uv_poll_start");
  if (argc >= 1) napi_typeof(env, argv[0], &t);
  if (t != napi_undefined && !parse_events(env, argv[0], &p->events)) return NULL;
  r = uv_poll_start(&p->handle, p->events, poller_on_poll);
  if (r < 0) return throw_errno(env, -r, "uv_poll_start");
  if (!p->started) {
    uint32_t rc;
    napi_reference_ref(env, p->self, &rc);
    p->started = 1;
  }
  return NULL;
}

static void poller_do_stop(napi_env env, poller_t* p) {
  if (!p->closing) uv_poll_stop(&p->handle);
  if (p->started) {
    uint32_t rc;
    napi_reference_unref(env, p->self, &rc);
    p->started = 0;
  }
}

static napi_value poller_stop(napi_env env, napi_callback_info info) {
  poller_t* p = poller_this(env, info, NULL, NULL);
  if (!p) return NULL;
  poller_do_stop(env, p);
  return NULL;
}

static napi_value poller_close(napi_env env, napi_callback_info info) {
  poller_t* p = poller_this(env, info, NULL, NULL);
  if (!p) return NULL;
  poller_do_stop(env, p);
  if (p->closing) return NULL;
  poller_begin_close(p);
  /* drop the callback now; the async context may be in use by a running
   * napi_make_callback (close() called from the callback) and is destroyed
   * in the finalizer */
  if (p->cb) {
    napi_delete_reference(env, p->cb);
    p->cb = NULL;
  }
  return NULL;
}

static napi_value poller_ref(napi_env env, napi_callback_info info) {
  poller_t* p = poller_this(env, info, NULL, NULL);
  if (!p) return NULL;
  if (!p->closing) uv_ref((uv_handle_t*)&p->handle);
  return NULL;
}

static napi_value poller_unref(napi_env env, napi_callback_info info) {
  poller_t* p = poller_this(env, info, NULL, NULL);
  if (!p) return NULL;
  if (!p->closing) uv_unref((uv_handle_t*)&p->handle);
  return NULL;
}

static napi_value poller_has_ref(napi_env env, napi_callback_info info) {
  napi_value r;
  poller_t* p = poller_this(env, info, NULL, NULL);
  if (!p) return NULL;
  napi_get_boolean(env, !p->closing && uv_has_ref((uv_handle_t*)&p->handle), &r);
  return r;
}

static napi_value poller_get_fd(napi_env env, napi_callback_info info) {
  poller_t* p = poller_this(env, info, NULL, NULL);
  if (!p) return NULL;
  return make_int(env, p->fd);
}

static napi_value poller_get_active(napi_env env, napi_callback_info info) {
  napi_value r;
  poller_t* p = poller_this(env, info, NULL, NULL);
  if (!p) return NULL;
  napi_get_boolean(env, p->started && !p->closing, &r);
  return r;
}

static napi_value poller_get_closed(napi_env env, napi_callback_info info) {
  napi_value r;
  poller_t* p = poller_this(env, info, NULL, NULL);
  if (!p) return NULL;
  napi_get_boolean(env, p->closing, &r);
  return r;
}

/* ------------------------------------------------------------------ */
/* waitWritable: private epoll instance (EPOLLOUT|EPOLLONESHOT) on an  */
/* fd libuv may already watch; the epoll fd itself is uv_poll'ed.      */
/* ------------------------------------------------------------------ */

typedef struct {
  link_t link; /* first member */
  uv_poll_t poll;
  uv_timer_t timer;
  state_t* st;
  napi_env env;
  napi_ref cb;
  napi_async_context actx;
  int epfd;
  int has_timer;
  int done;
  int pending_closes;
  int js_alive; /* the external handle given to JS has not been finalized */
} waiter_t;

static void waiter_on_close(uv_handle_t* h) {
  waiter_t* w = (waiter_t*)h->data;
  state_t* st = w->st;
  if (--w->pending_closes == 0) {
    close(w->epfd);
    w->epfd = -1;
    if (!w->js_alive) free(w);
  }
  st_handle_closed(st);
}

static void waiter_finalize(napi_env env, void* data, void* hint) {
  waiter_t* w = (waiter_t*)data;
  w->js_alive = 0;
  if (w->done && w->pending_closes == 0) free(w);
}

/* Marks the waiter done and closes its handles (no JS). */
static void waiter_close_handles(waiter_t* w) {
  w->done = 1;
  st_untrack(&w->link);
  uv_poll_stop(&w->poll);
  w->pending_closes = 1;
  uv_close((uv_handle_t*)&w->poll, waiter_on_close);
  if (w->has_timer) {
    uv_timer_stop(&w->timer);
    w->pending_closes++;
    uv_close((uv_handle_t*)&w->timer, waiter_on_close);
  }
}

static void waiter_teardown(link_t* l) {
  waiter_t* w = (waiter_t*)l;
  waiter_close_handles(w);
  if (w->cb) {
    napi_delete_reference(w->env, w->cb);
    w->cb = NULL;
  }
  /* the async context is deliberately not destroyed while the env is going away */
}

/* result: 1 writable (or error/hangup pending: the next send reports it),
 *         0 timeout, -1 cancelled */
static void waiter_finish(waiter_t* w, int result, uint32_t events) {
  napi_env env = w->env;
  napi_handle_scope scope;
  napi_value cb, recv, argv[2];
  napi_status st;
  if (w->done) return;
  waiter_close_handles(w);
  if (napi_open_handle_scope(env, &scope) == napi_ok) {
    if (napi_get_reference_value(env, w->cb, &cb) == napi_ok && cb != NULL) {
      napi_get_global(env, &recv);
      argv[0] = make_int(env, result);
      argv[1] = make_int(env, events);
      st = napi_make_callback(env, w->actx, recv, cb, 2, argv, NULL);
      report_pending(env, st);
    }
    napi_close_handle_scope(env, scope);
  }
  napi_delete_reference(env, w->cb);
  w->cb = NULL;
  napi_async_destroy(env, w->actx);
  w->actx = NULL;
}

static int waiter_check(waiter_t* w, uint32_t* events) {
  struct epoll_event ev;
  int n;
  do {
    n = epoll_wait(w->epfd, &ev, 1, 0);
  } while (n < 0 && errno == EINTR);
  if (n > 0) {
    *events = ev.events;
    return 1;
  }
  return 0;
}

static void waiter_on_poll(uv_poll_t* h, int status, int events) {
  waiter_t* w = (waiter_t*)h->data;
  uint32_t ev = 0;
  if (w->done) return;
  if (status < 0) {
    waiter_finish(w, 1, EPOLLERR);
    return;
  }
  if (waiter_check(w, &ev)) waiter_finish(w, 1, ev);
}

static void waiter_on_timer(uv_timer_t* t) {
  waiter_t* w = (waiter_t*)t->data;
  uint32_t ev = 0;
  if (w->done) return;
  /* last look, so a 0 ms wait on a writable socket reports true */
  if (waiter_check(w, &ev)) waiter_finish(w, 1, ev);
  else waiter_finish(w, 0, 0);
}

/* waitWritable(fd, timeoutMs, cb(result, epollEvents)) -> handle (for cancelWait) */
static napi_value js_wait_writable(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3], name, handle;
  napi_valuetype t;
  int fd, r, epfd;
  double timeout;
  uv_loop_t* loop;
  waiter_t* w;
  state_t* st;
  struct epoll_event ev;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 3) return throw_type(env, "waitWritable(fd, timeoutMs, callback)");
  if (!arg_fd(env, argv[0], &fd)) return NULL;
  napi_typeof(env, argv[1], &t);
  if (t != napi_number) return throw_type(env, "timeoutMs must be a number");
  napi_get_value_double(env, argv[1], &timeout);
  napi_typeof(env, argv[2], &t);
  if (t != napi_function) return throw_type(env, "callback must be a function");
  if (!(st = get_state(env))) return NULL;
  loop = get_loop(env);
  if (!loop) return throw_errno(env, EINVAL, "napi_get_uv_event_loop");

  epfd = epoll_create1(EPOLL_CLOEXEC);
  if (epfd < 0) return throw_errno(env, errno, "epoll_create1");
  memset(&ev, 0, sizeof(ev));
  ev.events = EPOLLOUT | EPOLLONESHOT;
  ev.data.fd = fd;
  if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
    int e = errno;
    close(epfd);
    return throw_errno(env, e, "epoll_ctl");
  }
  w = (waiter_t*)calloc(1, sizeof(*w));
  if (!w) {
    close(epfd);
    return throw_errno(env, ENOMEM, "calloc");
  }
  w->env = env;
  w->st = st;
  w->epfd = epfd;
  r = uv_poll_init(loop, &w->poll, epfd);
  if (r < 0) {
    close(epfd);
    free(w);
    return throw_errno(env, -r, "uv_poll_init");
  }
  w->poll.data = w;
  st->handles++;
  st_track(st, &w->link, waiter_teardown);
  if (timeout == timeout && timeout >= 0 && timeout < 9.0e15) {
    uv_timer_init(loop, &w->timer);
    w->timer.data = w;
    w->has_timer = 1;
    st->handles++;
  }
  /* From here on the handles exist and must be closed (waiter_close_handles). */
  r = uv_poll_start(&w->poll, UV_READABLE, waiter_on_poll);
  if (r < 0 || napi_create_reference(env, argv[2], 1, &w->cb) != napi_ok ||
      napi_create_string_utf8(env, "gentcp:waitWritable", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_async_init(env, NULL, name, &w->actx) != napi_ok ||
      napi_create_external(env, w, waiter_finalize, NULL, &handle) != napi_ok) {
    if (w->cb) napi_delete_reference(env, w->cb);
    if (w->actx) napi_async_destroy(env, w->actx);
    w->cb = NULL;
    w->actx = NULL;
    w->js_alive = 0;
    waiter_close_handles(w);
    if (r < 0) return throw_errno(env, -r, "uv_poll_start");
    return NULL;
  }
  w->js_alive = 1;
  if (w->has_timer) uv_timer_start(&w->timer, waiter_on_timer, (uint64_t)timeout, 0);
  return handle;
}

/* cancelWait(handle): calls the callback with -1 if still waiting. */
static napi_value js_cancel_wait(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_valuetype t;
  void* data = NULL;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1) return throw_type(env, "cancelWait(handle)");
  napi_typeof(env, argv[0], &t);
  if (t != napi_external) return throw_type(env, "handle must come from waitWritable");
  napi_get_value_external(env, argv[0], &data);
  if (data) waiter_finish((waiter_t*)data, -1, 0);
  return NULL;
}

/* ------------------------------------------------------------------ */
/* send / recv / shutdown                                              */
/* ------------------------------------------------------------------ */

static int arg_buffer_range(napi_env env, napi_value* argv, size_t argc, char** ptr, size_t* len) {
  void* data;
  size_t blen;
  bool is_buf = false, is_ta = false;
  int32_t off = 0, n;
  napi_valuetype t;
  napi_is_buffer(env, argv[1], &is_buf);
  if (is_buf) {
    napi_get_buffer_info(env, argv[1], &data, &blen);
  } else {
    napi_is_typedarray(env, argv[1], &is_ta);
    if (!is_ta) {
      throw_type(env, "buf must be a Buffer or Uint8Array");
      return 0;
    }
    napi_typedarray_type tt;
    size_t elems, boff;
    napi_value ab;
    napi_get_typedarray_info(env, argv[1], &tt, &elems, &data, &ab, &boff);
    if (tt != napi_uint8_array) {
      throw_type(env, "buf must be a Buffer or Uint8Array");
      return 0;
    }
    blen = elems;
  }
  if (argc > 2) {
    napi_typeof(env, argv[2], &t);
    if (t != napi_undefined && !arg_int32(env, argv[2], "offset", &off)) return 0;
  }
  if (off < 0 || (size_t)off > blen) {
    throw_range(env, "offset out of range");
    return 0;
  }
  n = (int32_t)(blen - (size_t)off > 0x7fffffff ? 0x7fffffff : blen - (size_t)off);
  if (argc > 3) {
    napi_typeof(env, argv[3], &t);
    if (t != napi_undefined && !arg_int32(env, argv[3], "length", &n)) return 0;
  }
  if (n < 0 || (size_t)off + (size_t)n > blen) {
    throw_range(env, "length out of range");
    return 0;
  }
  *ptr = (char*)data + off;
  *len = (size_t)n;
  return 1;
}

/* trySend(fd, buf, offset?, length?) -> bytes taken by the kernel, 0 on EAGAIN */
static napi_value js_try_send(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  int fd;
  char* p;
  size_t len;
  ssize_t n;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 2) return throw_type(env, "trySend(fd, buf, offset?, length?)");
  if (!arg_fd(env, argv[0], &fd)) return NULL;
  if (!arg_buffer_range(env, argv, argc, &p, &len)) return NULL;
  do {
    n = send(fd, p, len, MSG_DONTWAIT | MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return make_int(env, 0);
    return throw_errno(env, errno, "send");
  }
  return make_int(env, n);
}

/* tryRecv(fd, buf, offset?, length?) -> bytes read, 0 on EOF, null on EAGAIN */
static napi_value js_try_recv(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4], nul;
  int fd;
  char* p;
  size_t len;
  ssize_t n;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 2) return throw_type(env, "tryRecv(fd, buf, offset?, length?)");
  if (!arg_fd(env, argv[0], &fd)) return NULL;
  if (!arg_buffer_range(env, argv, argc, &p, &len)) return NULL;
  do {
    n = recv(fd, p, len, MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      napi_get_null(env, &nul);
      return nul;
    }
    return throw_errno(env, errno, "recv");
  }
  return make_int(env, n);
}

static napi_value js_shutdown(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int fd, how;
  char buf[16];
  size_t len;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 2) return throw_type(env, "shutdown(fd, how)");
  if (!arg_fd(env, argv[0], &fd)) return NULL;
  if (!arg_bytes(env, argv[1], "how", buf, sizeof(buf), &len)) return NULL;
  if (strcmp(buf, "read") == 0) how = SHUT_RD;
  else if (strcmp(buf, "write") == 0) how = SHUT_WR;
  else if (strcmp(buf, "read_write") == 0) how = SHUT_RDWR;
  else return throw_type(env, "how must be 'read', 'write' or 'read_write'");
  if (shutdown(fd, how) < 0) return throw_errno(env, errno, "shutdown");
  return NULL;
}

/* ------------------------------------------------------------------ */
/* socket options, ioctls, names                                       */
/* ------------------------------------------------------------------ */

static napi_value js_setsockopt_int(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  int fd;
  int32_t level, name, value;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 4) return throw_type(env, "setsockoptInt(fd, level, name, value)");
  if (!arg_fd(env, argv[0], &fd) || !arg_int32(env, argv[1], "level", &level) ||
      !arg_int32(env, argv[2], "name", &name) || !arg_int32(env, argv[3], "value", &value))
    return NULL;
  if (setsockopt(fd, level, name, &value, sizeof(value)) < 0) return throw_errno(env, errno, "setsockopt");
  return NULL;
}

static napi_value js_getsockopt_int(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  int fd, value = 0;
  int32_t level, name;
  socklen_t len = sizeof(value);
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 3) return throw_type(env, "getsockoptInt(fd, level, name)");
  if (!arg_fd(env, argv[0], &fd) || !arg_int32(env, argv[1], "level", &level) ||
      !arg_int32(env, argv[2], "name", &name))
    return NULL;
  if (getsockopt(fd, level, name, &value, &len) < 0) return throw_errno(env, errno, "getsockopt");
  /* some options (e.g. IP_TOS on some kernels) may return a single byte */
  if (len == 1) value = (int)*(unsigned char*)&value;
  return make_int(env, value);
}

static napi_value js_set_linger(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  int fd;
  bool on;
  int32_t secs;
  struct linger l;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 3) return throw_type(env, "setLinger(fd, on, seconds)");
  if (!arg_fd(env, argv[0], &fd) || !arg_bool(env, argv[1], "on", &on) ||
      !arg_int32(env, argv[2], "seconds", &secs))
    return NULL;
  l.l_onoff = on ? 1 : 0;
  l.l_linger = secs;
  if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l)) < 0) return throw_errno(env, errno, "setsockopt");
  return NULL;
}

static napi_value js_get_linger(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], arr, b;
  int fd;
  struct linger l;
  socklen_t len = sizeof(l);
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1) return throw_type(env, "getLinger(fd)");
  if (!arg_fd(env, argv[0], &fd)) return NULL;
  memset(&l, 0, sizeof(l));
  if (getsockopt(fd, SOL_SOCKET, SO_LINGER, &l, &len) < 0) return throw_errno(env, errno, "getsockopt");
  CHECK(env, napi_create_array_with_length(env, 2, &arr));
  napi_get_boolean(env, l.l_onoff != 0, &b);
  napi_set_element(env, arr, 0, b);
  napi_set_element(env, arr, 1, make_int(env, l.l_linger));
  return arr;
}

static napi_value ioctl_int(napi_env env, napi_callback_info info, unsigned long req, const char* what) {
  size_t argc = 1;
  napi_value argv[1];
  int fd, value = 0;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1) return throw_type(env, "expected (fd)");
  if (!arg_fd(env, argv[0], &fd)) return NULL;
  if (ioctl(fd, req, &value) < 0) return throw_errno(env, errno, what);
  return make_int(env, value);
}

static napi_value js_outq(napi_env env, napi_callback_info info) { return ioctl_int(env, info, SIOCOUTQ, "ioctl"); }
static napi_value js_inq(napi_env env, napi_callback_info info) { return ioctl_int(env, info, SIOCINQ, "ioctl"); }

static napi_value name_common(napi_env env, napi_callback_info info, int peer) {
  size_t argc = 1;
  napi_value argv[1];
  int fd, r;
  struct sockaddr_storage ss;
  socklen_t len = sizeof(ss);
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1) return throw_type(env, "expected (fd)");
  if (!arg_fd(env, argv[0], &fd)) return NULL;
  memset(&ss, 0, sizeof(ss));
  r = peer ? getpeername(fd, (struct sockaddr*)&ss, &len) : getsockname(fd, (struct sockaddr*)&ss, &len);
  if (r < 0) return throw_errno(env, errno, peer ? "getpeername" : "getsockname");
  return sockaddr_to_js(env, &ss, len);
}

static napi_value js_sockname(napi_env env, napi_callback_info info) { return name_common(env, info, 0); }
static napi_value js_peername(napi_env env, napi_callback_info info) { return name_common(env, info, 1); }

/* ------------------------------------------------------------------ */
/* module                                                              */
/* ------------------------------------------------------------------ */

#define FN(name, fn) {name, NULL, fn, NULL, NULL, NULL, napi_enumerable, NULL}
#define GETTER(name, fn) {name, NULL, NULL, fn, NULL, NULL, napi_enumerable, NULL}

static void set_const(napi_env env, napi_value obj, const char* name, int v) {
  napi_set_named_property(env, obj, name, make_int(env, v));
}

NAPI_MODULE_INIT() {
  napi_value poller_class, constants;
  napi_property_descriptor poller_props[] = {
      FN("start", poller_start),       FN("stop", poller_stop),   FN("close", poller_close),
      FN("ref", poller_ref),           FN("unref", poller_unref), FN("hasRef", poller_has_ref),
      GETTER("fd", poller_get_fd),     GETTER("active", poller_get_active),
      GETTER("closed", poller_get_closed),
  };
  napi_property_descriptor props[] = {
      FN("listen", js_listen),
      FN("accept", js_accept),
      FN("close", js_close),
      FN("waitWritable", js_wait_writable),
      FN("cancelWait", js_cancel_wait),
      FN("trySend", js_try_send),
      FN("tryRecv", js_try_recv),
      FN("shutdown", js_shutdown),
      FN("setsockoptInt", js_setsockopt_int),
      FN("getsockoptInt", js_getsockopt_int),
      FN("setLinger", js_set_linger),
      FN("getLinger", js_get_linger),
      FN("outq", js_outq),
      FN("inq", js_inq),
      FN("sockname", js_sockname),
      FN("peername", js_peername),
  };
  void* existing = NULL;
  if (napi_get_instance_data(env, &existing) != napi_ok || existing == NULL) {
    state_t* st = (state_t*)calloc(1, sizeof(*st));
    if (!st) return throw_errno(env, ENOMEM, "calloc");
    st->live.next = st->live.prev = &st->live;
    /* freed by the cleanup hook once every handle has closed */
    CHECK(env, napi_set_instance_data(env, st, NULL, NULL));
    CHECK(env, napi_add_async_cleanup_hook(env, st_cleanup_hook, st, NULL));
  }
  CHECK(env, napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props));
  CHECK(env, napi_define_class(env, "Poller", NAPI_AUTO_LENGTH, poller_ctor, NULL,
                               sizeof(poller_props) / sizeof(poller_props[0]), poller_props, &poller_class));
  CHECK(env, napi_set_named_property(env, exports, "Poller", poller_class));

  CHECK(env, napi_create_object(env, &constants));
  set_const(env, constants, "SOL_SOCKET", SOL_SOCKET);
  set_const(env, constants, "IPPROTO_IP", IPPROTO_IP);
  set_const(env, constants, "IPPROTO_TCP", IPPROTO_TCP);
  set_const(env, constants, "IPPROTO_IPV6", IPPROTO_IPV6);
  set_const(env, constants, "SO_RCVBUF", SO_RCVBUF);
  set_const(env, constants, "SO_SNDBUF", SO_SNDBUF);
  set_const(env, constants, "SO_KEEPALIVE", SO_KEEPALIVE);
  set_const(env, constants, "SO_PRIORITY", SO_PRIORITY);
  set_const(env, constants, "SO_ERROR", SO_ERROR);
  set_const(env, constants, "SO_REUSEADDR", SO_REUSEADDR);
  set_const(env, constants, "SO_REUSEPORT", SO_REUSEPORT);
  set_const(env, constants, "SO_LINGER", SO_LINGER);
  set_const(env, constants, "SO_TYPE", SO_TYPE);
  set_const(env, constants, "SO_ACCEPTCONN", SO_ACCEPTCONN);
  set_const(env, constants, "SO_RCVLOWAT", SO_RCVLOWAT);
  set_const(env, constants, "SO_SNDLOWAT", SO_SNDLOWAT);
  set_const(env, constants, "IP_TOS", IP_TOS);
  set_const(env, constants, "IP_TTL", IP_TTL);
  set_const(env, constants, "IPV6_TCLASS", IPV6_TCLASS);
  set_const(env, constants, "IPV6_V6ONLY", IPV6_V6ONLY);
  set_const(env, constants, "TCP_NODELAY", TCP_NODELAY);
  set_const(env, constants, "TCP_KEEPIDLE", TCP_KEEPIDLE);
  set_const(env, constants, "TCP_KEEPINTVL", TCP_KEEPINTVL);
  set_const(env, constants, "TCP_KEEPCNT", TCP_KEEPCNT);
  set_const(env, constants, "TCP_CORK", TCP_CORK);
  set_const(env, constants, "TCP_USER_TIMEOUT", TCP_USER_TIMEOUT);
  set_const(env, constants, "POLL_READABLE", UV_READABLE);
  set_const(env, constants, "POLL_WRITABLE", UV_WRITABLE);
  set_const(env, constants, "EPOLLOUT", EPOLLOUT);
  set_const(env, constants, "EPOLLERR", EPOLLERR);
  set_const(env, constants, "EPOLLHUP", EPOLLHUP);
  CHECK(env, napi_object_freeze(env, constants));
  CHECK(env, napi_set_named_property(env, exports, "constants", constants));
  return exports;
}
