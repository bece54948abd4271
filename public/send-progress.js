// Follows one send on its progress page: polls the batch's JSON every 1.5 s until every message has left the
// queue. Without script the page reloads itself (noscript meta refresh) while the send runs.
(function () {
  var root = document.querySelector('[data-batch-url]');
  if (!root) return;
  var url = root.getAttribute('data-batch-url');
  var bar = document.getElementById('send-bar');
  var label = document.getElementById('send-label');
  var status = document.getElementById('send-status');
  var failures = document.getElementById('send-failures');
  // Numbers as the server wrote them in the page's language (4.738 in Vietnamese, 4,738 in English).
  var format = new Intl.NumberFormat(document.documentElement.lang === 'en' ? 'en-GB' : 'vi-VN');
  var labelTemplate = label.textContent.replace(/[\d.,]+\/[\d.,]+/, '{done}/{total}');
  function apply(p) {
    var whole = Math.max(p.total, 1);
    var x = 0;
    ['sent', 'bounced', 'failed'].forEach(function (k) {
      var seg = bar.querySelector('[data-segment="' + k + '"]');
      var w = (p[k] * 100) / whole;
      seg.setAttribute('x', x.toFixed(2));
      seg.setAttribute('width', w.toFixed(2));
      x += w;
    });
    bar.setAttribute('aria-valuemax', String(p.total));
    bar.setAttribute('aria-valuenow', String(p.done));
    label.textContent = labelTemplate
      .replace('{done}', format.format(p.done))
      .replace('{total}', format.format(p.total));
    ['sent', 'queued', 'sending', 'failed', 'bounced'].forEach(function (k) {
      var node = root.querySelector('[data-count="' + k + '"]');
      if (node) node.textContent = format.format(p[k]);
    });
    if (p.total > 0) {
      // "7 gửi được, 2 bị trả lại, 0 lỗi": the outcome in words, never a bare "done" over bounces.
      var outcome = status
        .getAttribute('data-outcome')
        .replace('{sent}', format.format(p.sent))
        .replace('{bounced}', format.format(p.bounced))
        .replace('{failed}', format.format(p.failed));
      status.textContent = status.getAttribute(p.finished ? 'data-finished' : 'data-running') + ' ' + outcome;
    }
    if (p.finished) {
      root.classList.add('finished');
      if (p.total > 0) status.className = p.failed + p.bounced > 0 ? 'warn-text' : 'ok-text';
      if (failures && p.failed + p.bounced > 0) failures.hidden = false;
    }
  }
  function poll() {
    fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (p) {
        if (p) apply(p);
        if (!p || !p.finished) setTimeout(poll, 1500);
      })
      .catch(function () {
        setTimeout(poll, 3000);
      });
  }
  poll();
})();
