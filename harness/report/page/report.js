// index.html's script: filters and the case pages, inlined into the page by harness/report/html.ts.
// Plain ES2020 for any browser; its data is script#results-data.
(function () {
  'use strict';
  var $ = function (s, root) { return (root || document).querySelector(s); };
  var $$ = function (s, root) { return Array.prototype.slice.call((root || document).querySelectorAll(s)); };
  var data = null;
  function getData() {
    if (!data) data = JSON.parse(document.getElementById('results-data').textContent);
    return data;
  }
  // Small DOM builder: text always goes in as text, never as HTML.
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (attrs[k] === undefined || attrs[k] === null || attrs[k] === false) continue;
      if (k === 'text') el.textContent = attrs[k];
      else if (k === 'cls') el.className = attrs[k];
      else el.setAttribute(k, attrs[k]);
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      if (Array.isArray(c)) c.forEach(function (x) { if (x) el.appendChild(typeof x === 'string' ? document.createTextNode(x) : x); });
      else el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return el;
  }

  // ---- filters ----
  var fFamily = $('#filter-family'), fVerdict = $('#filter-verdict'), fSubject = $('#filter-subject'), fOtp = $('#filter-otp'), fSearch = $('#search');
  var rows = $$('#matrix tr.case-row');
  var famRows = $$('#matrix tr.family-row');
  var colEls = $$('#matrix [data-col]');
  var subjHeads = $$('#matrix th.subj-h');
  function verdictOk(v, want) {
    if (!want) return true;
    if (want === 'problems') return v === 'fail' || v === 'error';
    return v === want;
  }
  function apply() {
    var fam = fFamily.value, ver = fVerdict.value, subj = fSubject.value, otp = fOtp.value;
    var q = fSearch.value.trim().toLowerCase();
    colEls.forEach(function (el) {
      var show = (!subj || el.getAttribute('data-subject') === subj) && (!otp || el.getAttribute('data-col') === otp);
      el.classList.toggle('hide', !show);
    });
    var nOtp = $$('#matrix thead th.col-h').filter(function (th) { return !th.classList.contains('hide'); }).length;
    subjHeads.forEach(function (th) {
      var s = th.getAttribute('data-subject');
      var visible = $$('#matrix thead th.col-h').filter(function (c) { return c.getAttribute('data-subject') === s && !c.classList.contains('hide'); }).length;
      th.classList.toggle('hide', visible === 0);
      th.colSpan = Math.max(1, visible);
    });
    var shown = 0, famShown = {};
    rows.forEach(function (tr) {
      var ok = (!fam || tr.getAttribute('data-family') === fam);
      if (ok && q) ok = tr.getAttribute('data-id').toLowerCase().indexOf(q) >= 0 || tr.getAttribute('data-title').toLowerCase().indexOf(q) >= 0;
      var any = false;
      tr.querySelectorAll('td.cell').forEach(function (td) {
        if (td.classList.contains('hide')) return;
        var m = verdictOk(td.getAttribute('data-verdict'), ver);
        td.classList.toggle('dim', !!ver && !m);
        if (m) any = true;
      });
      if (ver && !any) ok = false;
      tr.classList.toggle('hide', !ok);
      if (ok) { shown++; famShown[tr.getAttribute('data-family')] = true; }
    });
    famRows.forEach(function (tr) { tr.classList.toggle('hide', !famShown[tr.getAttribute('data-family')]); });
    $('#shown-count').textContent = shown + ' of ' + rows.length + ' scenarios' + (nOtp < $$('#matrix thead th.col-h').length ? ', ' + nOtp + ' columns' : '');
    $('#empty').hidden = shown > 0;
    $$('#summary .sum[data-verdict]').forEach(function (b) { b.classList.toggle('active', b.getAttribute('data-verdict') === ver); });
  }
  [fFamily, fVerdict, fSubject, fOtp].forEach(function (el) { el.addEventListener('change', apply); });
  fSearch.addEventListener('input', apply);
  $('#reset').addEventListener('click', function () { fFamily.value = fVerdict.value = fSubject.value = fOtp.value = fSearch.value = ''; apply(); });
  $$('#summary .sum[data-verdict]').forEach(function (b) {
    if (b.querySelector('.n').textContent === '0') b.classList.add('zero');
    b.addEventListener('click', function () {
      var v = b.getAttribute('data-verdict');
      fVerdict.value = fVerdict.value === v ? '' : v;
      apply();
    });
  });

  // ---- case pages ----
  var matrixPage = $('#matrix-page'), casePage = $('#case-page');
  var matrixScroll = 0, fromMatrix = false;
  function enc(s) { return encodeURIComponent(s).replace(/%3A/gi, ':'); }
  function hashOf(c) { return '#case/' + enc(c.id) + '/' + enc(c.subject) + '/' + enc(c.col); }
  function findCase(id, subject, col) {
    var cs = getData().cases;
    for (var i = 0; i < cs.length; i++) if (cs[i].id === id && cs[i].subject === subject && cs[i].col === col) return cs[i];
    return null;
  }
  function symbol(v) {
    var vs = getData().verdicts;
    for (var i = 0; i < vs.length; i++) if (vs[i].verdict === v) return vs[i].symbol;
    return '?';
  }
  function fmtT(t) { return t === null || t === undefined ? '?' : t.toFixed(1); }
  function captureEl(cap) {
    if (!cap || !cap.pcap) return null;
    var ev = (cap.events || []).map(function (e) { return fmtT(e.t) + ' ms ' + e.flag + ' ' + e.from + ' → ' + e.to; });
    return h('div', { cls: 'capture' }, 'pcap: ', /^[a-z][a-z0-9+.-]*:/i.test(cap.pcap) ? h('code', { text: cap.pcap }) : h('a', { href: cap.pcap, text: cap.pcap }), ' (' + cap.packets + ' packets)',
      ev.length ? h('ul', null, ev.map(function (x) { return h('li', { text: x }); })) : null);
  }
  function timelineEl(tl, side, cap) {
    var box = h('div', { cls: 'timeline', 'data-side': side });
    if (!tl) {
      box.appendChild(h('h4', { text: side === 'reference' ? 'reference' : 'subject' }));
      box.appendChild(h('p', { cls: 'none', text: 'No trace was recorded.' }));
      return box;
    }
    box.appendChild(h('h4', { text: tl.title }));
    var tb = h('tbody');
    tl.rows.forEach(function (r) {
      var t = r[0], kind = r[1], actor = r[2], sd = r[3], call = r[4], res = r[5], mark = r[6], t0 = r[7];
      var cls = 'ev ' + kind + (res === 'still pending' ? ' pending' : '') + (res.indexOf('ERROR ') === 0 ? ' err' : '');
      var tip = kind === 'step' && t0 !== null && t !== null ? 'started ' + fmtT(t0) + ' ms, ended ' + fmtT(t) + ' ms (' + (t - t0).toFixed(1) + ' ms)' : null;
      var who = h('td', { cls: 'who' }, actor, kind === 'step' && sd && sd !== 'runner' ? h('span', { cls: 'side ' + sd, text: sd === 'subject' ? 'subj' : sd }) : null, kind === 'msg' ? ' \u2190' : null);
      tb.appendChild(h('tr', { cls: cls, 'data-mark': mark || '=' },
        h('td', { cls: 'mk', text: mark || '' }),
        h('td', { cls: 't', title: tip, text: fmtT(t) }),
        who,
        h('td', { cls: 'call', text: call }),
        h('td', { cls: 'res', text: res })));
    });
    var cg = h('colgroup', null, ['mk', 't', 'who', 'call', 'res'].map(function (c) { return h('col', { cls: c }); }));
    box.appendChild(h('table', null, cg, h('thead', null, h('tr', null, h('th', { text: '' }), h('th', { text: 'ms' }), h('th', { text: 'actor' }), h('th', { text: 'call' }), h('th', { text: 'result / message' }))), tb));
    if (tl.errors && tl.errors.length) box.appendChild(h('ul', { cls: 'errors' }, tl.errors.map(function (e) { return h('li', { text: e }); })));
    var ce = captureEl(cap);
    if (ce) box.appendChild(ce);
    return box;
  }
  function showCase(id, subject, col) {
    var c = findCase(id, subject, col);
    casePage.textContent = '';
    var back = h('a', { href: '#', id: 'back', cls: 'back', text: '\u2190 Back to the matrix' });
    back.addEventListener('click', function (ev) { ev.preventDefault(); goMatrix(); });
    casePage.appendChild(back);
    if (!c) {
      casePage.appendChild(h('p', { text: 'No case ' + id + ' for ' + subject + ' OTP ' + col + ' in this run.' }));
      return;
    }
    casePage.appendChild(h('h2', { id: 'case-id', text: c.id }));
    casePage.appendChild(h('p', { cls: 'title', text: c.title }));
    casePage.appendChild(h('div', { cls: 'facts' },
      h('span', { id: 'case-verdict', cls: 'badge v-' + c.verdict, 'data-verdict': c.verdict, text: symbol(c.verdict) + ' ' + c.verdict }),
      h('span', null, 'subject ', h('code', { text: c.subject }), ' against ', h('code', { text: c.against })),
      h('span', { text: 'OTP ' + c.otpVersion + ' (' + c.provider + ')' }),
      h('span', { cls: 'muted', text: c.durationMs + ' ms' })));
    if (c.spec) {
      casePage.appendChild(h('h3', { text: 'Spec' }));
      casePage.appendChild(h('div', { id: 'case-spec' }, h('div', { cls: 'muted', text: c.spec.section }), h('blockquote', { text: c.spec.quote })));
    }
    if (c.rationale) {
      casePage.appendChild(h('h3', { text: 'Rationale' }));
      casePage.appendChild(h('p', { id: 'case-rationale', text: c.rationale }));
    }
    if (c.reasons && c.reasons.length) {
      casePage.appendChild(h('h3', { text: 'Reasons' }));
      casePage.appendChild(h('ul', { cls: 'reasons', id: 'case-reasons' }, c.reasons.map(function (r) { return h('li', { text: r }); })));
    }
    if (c.divergence) {
      casePage.appendChild(h('div', { cls: 'div-box', id: 'case-divergence' },
        h('div', null, h('b', { text: '\u2691 Registered divergence: ' }), c.divergence.reason),
        h('div', { cls: 'muted' }, 'Evidence: ', c.divergence.evidence)));
    }
    if (c.stability) {
      var st = c.stability;
      casePage.appendChild(h('h3', { text: 'Stability' }));
      casePage.appendChild(h('p', { text: st.distinct + ' distinct subject trace(s) in ' + st.runs + ' runs' }));
      if (st.counts) casePage.appendChild(h('ul', null, st.counts.map(function (x) { return h('li', { text: x.count + '\u00d7 ' + x.verdict + (x.firstLine ? ': ' + x.firstLine : '') }); })));
    }
    casePage.appendChild(h('h3', { text: 'Re-run' }));
    casePage.appendChild(h('pre', { cls: 'cmd', id: 'rerun', text: c.rerun }));
    var others = getData().cases.filter(function (x) { return x.id === c.id; });
    if (others.length > 1) {
      casePage.appendChild(h('h3', { text: 'This scenario elsewhere' }));
      casePage.appendChild(h('div', { cls: 'others' }, others.map(function (x) {
        return h('a', { href: hashOf(x), cls: 'v-' + x.verdict + (x === c ? ' current' : ''), title: x.verdict, text: symbol(x.verdict) + ' ' + x.subject + ' OTP ' + x.col });
      })));
    }
    casePage.appendChild(h('h3', { text: 'Traces' }));
    casePage.appendChild(h('p', { cls: 'marks-key', text: 'Differing lines are marked: \u2260 changed, < only in the reference, > only in the subject. Times are ms from the start of each run.' }));
    casePage.appendChild(h('div', { cls: 'timelines' }, timelineEl(c.reference, 'reference', c.capture && c.capture.reference), timelineEl(c.subjectTimeline, 'subject', c.capture && c.capture.subject)));
    if (c.diff && c.diff.length) {
      var dt = h('tbody');
      c.diff.forEach(function (d) {
        dt.appendChild(h('tr', { 'data-mark': d[0] }, h('td', { cls: 'mk', text: d[0] === '=' ? '' : d[0] }), h('td', { text: d[1] }), h('td', { text: d[2] })));
      });
      var det = h('details', { open: c.verdict === 'match' ? null : 'open' },
        h('summary', { text: 'Compared lines (' + c.diff.filter(function (d) { return d[0] !== '='; }).length + ' differ of ' + c.diff.length + ')' }),
        h('table', { cls: 'diff' }, h('colgroup', null, h('col', { cls: 'mk' }), h('col'), h('col')), h('thead', null, h('tr', null, h('th', { text: '' }), h('th', { text: 'reference' }), h('th', { text: 'subject' }))), dt));
      casePage.appendChild(det);
    }
  }
  function goMatrix() {
    if (fromMatrix) history.back();
    else location.hash = '';
  }
  function route() {
    var m = /^#case\/([^/]*)\/([^/]*)\/([^/]*)$/.exec(location.hash);
    if (m) {
      if (!matrixPage.hidden) { matrixScroll = window.scrollY; fromMatrix = true; }
      showCase(decodeURIComponent(m[1]), decodeURIComponent(m[2]), decodeURIComponent(m[3]));
      matrixPage.hidden = true;
      casePage.hidden = false;
      window.scrollTo(0, 0);
    } else {
      casePage.hidden = true;
      casePage.textContent = '';
      if (matrixPage.hidden) { matrixPage.hidden = false; window.scrollTo(0, matrixScroll); }
      fromMatrix = false;
    }
  }
  window.addEventListener('hashchange', route);
  document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape' && !casePage.hidden) goMatrix(); });
  apply();
  route();
})();
