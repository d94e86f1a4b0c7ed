/** The option list most active-mode cases open with: binary, passive, 2-byte length headers. */
export const P2 = ['binary', ['active', false], ['packet', 2]];
