import { scenario } from '../builder.js';

const section = 'inet:setopts/2, option {active, true | false | once | N}';
const quote =
  "If the value is an integer N in the range -32768 to 32767 (inclusive), the value is added to the socket's count of data messages sent to the controlling process. A socket's default message count is 0. If a negative value is specified, and its magnitude is equal to or greater than the socket's current message count, the socket's message count is set to 0. Once the socket's message count reaches 0, either because of sending received data messages to the process or by being explicitly set, the process is then notified by a special message, specific to the type of socket, that the socket has entered passive mode.";

export default [
  // OTP: lib/kernel/test/gen_tcp_misc_SUITE.erl, active_n/1 (the listen socket part, LS).
  scenario(
    'active-modes.n-listen-socket',
    {
      title: '{active,N} arithmetic on a listen socket: -N and 0 give {tcp_passive,L}, 32767 is the cap, true and once replace a count',
      section,
      quote,
      rationale:
        'a listen socket made with {active,3} reports 3; {active,-3} and then {active,0} each send {tcp_passive,L} and leave {active,false}; {active,32767} is ok, one more or {active,-32769} is {error,einval}, {active,-32768} empties it with a tcp_passive; true and once replace a count with no message; {active,32768} is einval (from gen_tcp_misc_SUITE:active_n)',
    },
    (b) => {
      const server = b.subject('server');
      const L = server.listen('L', 0, [['active', 3]]);
      server.getopts(L, ['active']);
      server.setopts(L, [['active', -3]]);
      b.wait(30);
      server.flush();
      server.getopts(L, ['active']);
      server.setopts(L, [['active', 0]]);
      b.wait(30);
      server.flush();
      server.setopts(L, [['active', 32767]]);
      server.setopts(L, [['active', 1]]);
      server.setopts(L, [['active', -32769]]);
      server.setopts(L, [['active', -32768]]);
      b.wait(30);
      server.flush();
      server.getopts(L, ['active']);
      server.setopts(L, [['active', 3]]);
      server.setopts(L, [['active', true]]);
      server.getopts(L, ['active']);
      server.setopts(L, [['active', 3]]);
      server.setopts(L, [['active', 'once']]);
      server.getopts(L, ['active']);
      b.wait(30);
      server.flush().note('no message when true or once replaces a count');
      server.setopts(L, [['active', 32768]]);
      server.setopts(L, [['active', false]]);
      server.getopts(L, ['active']);
    },
  ),
];
