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
    bar.max = Math.max(p.total, 1);
    bar.value = p.total === 0 ? 1 : p.done;
    bar.textContent = p.percent + '%';
    label.textContent = labelTemplate
      .replace('{done}', format.format(p.done))
      .replace('{total}', format.format(p.total));
    ['sent', 'queued', 'sending', 'failed', 'bounced'].forEach(function (k) {
      var node = root.querySelector('[data-count="' + k + '"]');
      if (node) node.textContent = format.format(p[k]);
    });
    if (p.finished) {
      bar.classList.add('done');
      root.classList.add('finished');
      if (p.total > 0) status.textContent = status.getAttribute('data-finished');
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
