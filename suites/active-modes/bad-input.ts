import { LOOPBACK, raises, scenario, type StepRef } from '../builder.js';

const section = 'inet:setopts/2, option {active, true | false | once | N}';
const quote =
  "If the value is an integer N in the range -32768 to 32767 (inclusive), the value is added to the socket's count of data messages sent to the controlling process.";

export default [
  scenario(
    'active-modes.bad-active-values',
    {
      title: 'a bad {active,...} value: listen and connect exit with badarg, setopts returns {error,einval}',
      section,
      quote,
      rationale:
        'an active value that is not true, false, once or an integer in -32768..32767 makes listen and connect exit with badarg and setopts return {error,einval}, leaving the mode as it was (inet also drops a good option listed before the bad one; socket applies it)',
    },
    (b) => {
      const client = b.subject('client');
      for (const bad of ['on', 32768, -32769]) client.listen(`Lbad${bad}`, 0, [['active', bad]]);
      const L = client.listen('L', 0, ['binary', ['active', false]]);
      for (const bad of ['foo', 40000]) client.connect(`Cbad${bad}`, LOOPBACK, L.port, [['active', bad]]);
      client.connect('Cbad', LOOPBACK, L.port, ['active']).expect(raises('exit', 'badarg')).note('a bare atom active is not an option');
      const C = client.connect('C', LOOPBACK, L.port, [['active', 'once']]);
      for (const bad of ['foo', 32768, -32769, 1.5]) client.setopts(C, [['active', bad === 1.5 ? { float: 1.5 } : bad]]);
      client.setopts(C, [['active', 'True']]);
      client.getopts(C, ['active']).expect(['ok', { list: [['active', 'once']] }]).note('still once');
      client.setopts(C, [['active', false], ['active', 'bad']]);
      client.getopts(C, ['active'])
        .expect(['ok', { list: [['active', 'once']] }], { backends: ['inet'] })
        .expect(['ok', { list: [['active', 'false']] }], { backends: ['socket'] })
        .note('inet: still once; socket: the good option before the bad one was applied');
    },
  ),
  scenario(
    'active-modes.active-on-closed-socket',
    {
      title: 'setopts and getopts of active on a closed socket fail and send nothing',
      section,
      quote,
      rationale:
        'after close, setopts {active,true} and {active,0} and getopts of active return an error (inet einval; socket closed on OTP 25, einval later), and no {tcp_passive,S} arrives',
    },
    (b) => {
      const client = b.subject('client');
      const L = client.listen('L', 0, ['binary', ['active', false]]);
      const C = client.connect('C', LOOPBACK, L.port, [['active', 'once']]);
      client.close(C);
      // What each backend says about a closed socket.
      const closedError = (step: StepRef): StepRef =>
        step
          .expect(['error', 'einval'], { backends: ['inet'] })
          .expect(['error', 'closed'], { backends: ['socket'], otp: ['25'] })
          .expect(['error', 'einval'], { backends: ['socket'], otp: ['27', '29'] });
      closedError(client.setopts(C, [['active', true]]));
      closedError(client.setopts(C, [['active', 0]]));
      closedError(client.getopts(C, ['active']));
      b.wait(30);
      client.flush().expect({ list: [] }).note('no tcp_passive for a closed socket');
    },
  ),
];
