/**
 * The reasons in gen_tcp's {error, Reason}: Erlang's atoms as strings, tuples as arrays.
 * The posix names are inet:posix() and file:posix() as OTP 25 declares them
 * (read from inet.beam and file.beam), the names inet:format_error/1 knows.
 */

/** inet:posix(): the socket errno names. */
export type InetPosix =
  | 'eaddrinuse' | 'eaddrnotavail' | 'eafnosupport' | 'ealready' | 'econnaborted' | 'econnrefused' | 'econnreset'
  | 'edestaddrreq' | 'ehostdown' | 'ehostunreach' | 'einprogress' | 'eisconn' | 'emsgsize' | 'enetdown' | 'enetunreach'
  | 'enopkg' | 'enoprotoopt' | 'enotconn' | 'enotty' | 'enotsock' | 'eproto' | 'eprotonosupport' | 'eprototype'
  | 'esocktnosupport' | 'etimedout' | 'ewouldblock' | 'exbadport' | 'exbadseq';

/** file:posix(): the other errno names inet:posix() includes. */
export type FilePosix =
  | 'eacces' | 'eagain' | 'ebadf' | 'ebadmsg' | 'ebusy' | 'edeadlk' | 'edeadlock' | 'edquot' | 'eexist' | 'efault'
  | 'efbig' | 'eftype' | 'eintr' | 'einval' | 'eio' | 'eisdir' | 'eloop' | 'emfile' | 'emlink' | 'emultihop'
  | 'enametoolong' | 'enfile' | 'enobufs' | 'enodev' | 'enolck' | 'enolink' | 'enoent' | 'enomem' | 'enospc' | 'enosr'
  | 'enostr' | 'enosys' | 'enotblk' | 'enotdir' | 'enotsup' | 'enxio' | 'eopnotsupp' | 'eoverflow' | 'eperm' | 'epipe'
  | 'erange' | 'erofs' | 'espipe' | 'esrch' | 'estale' | 'etxtbsy' | 'exdev';

/** An errno name, as inet gives a failed system call. */
export type Posix = InetPosix | FilePosix;

/**
 * Why a gen_tcp or inet call failed: closed, timeout, an errno name, nxdomain
 * (a host name that does not resolve), not_owner (controlling_process), badarg
 * (inet: controlling_process to a dead process), {timeout, Rest} (the socket
 * backend's send_timeout, with the bytes not sent), and the socket backend's
 * refusals of an option value or address.
 */
export type Reason =
  | 'closed'
  | 'timeout'
  | 'nxdomain'
  | 'not_owner'
  | 'badarg'
  | Posix
  | ['timeout', Buffer]
  | ['invalid', ['socket_option', [string, string], unknown]]
  | ['invalid', ['sockaddr', Map<string, unknown>]];

/** gen_tcp's results: ['ok', Value] or ['error', Reason]. */
export type Result<T> = ['ok', T] | ['error', Reason];
