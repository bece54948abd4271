// Refreshes the dashboard counts every 10 s from progress.json; the page itself stays usable without script.
(function () {
  var root = document.querySelector('[data-progress-url]');
  if (!root) return;
  var url = root.getAttribute('data-progress-url');
  var status = document.getElementById('refresh-status');
  // Numbers as the server wrote them in the page's language (4.738 in Vietnamese, 4,738 in English).
  var format = new Intl.NumberFormat(document.documentElement.lang === 'en' ? 'en-GB' : 'vi-VN');
  function set(node, text) {
    if (node && node.textContent !== text) node.textContent = text;
  }
  var BADGES = { reached: 'ok', behind: 'warn', listShort: 'bad', overdue: 'bad' };
  // The status cell as the server writes it: the badge, then one line per note (forms missing, lists too short).
  function updateStatus(cell, u) {
    if (!cell || !u.status) return;
    var notes = u.notes
      .map(function (n) {
        return n.text;
      })
      .join('\n');
    if (cell.getAttribute('data-status') === u.status && cell.getAttribute('data-notes') === notes) return;
    cell.className = 'status-cell status-' + u.status;
    cell.setAttribute('data-status', u.status);
    cell.setAttribute('data-notes', notes);
    var badge = document.createElement('span');
    badge.className = 'badge ' + BADGES[u.status];
    badge.textContent = u.statusLabel;
    cell.replaceChildren(badge);
    u.notes.forEach(function (note) {
      var line = document.createElement('div');
      line.className = note.warn ? 'small warn-text' : 'small';
      line.textContent = note.text;
      cell.appendChild(line);
    });
  }
  function apply(data) {
    Object.keys(data.totals).forEach(function (key) {
      var value = data.totals[key];
      set(
        root.querySelector('[data-total="' + key + '"]'),
        key === 'percent' ? value + '%' : format.format(value),
      );
    });
    data.units.forEach(function (u) {
      var row = document.querySelector('tr[data-unit="' + u.unitId + '"]');
      if (!row) return;
      ['sent', 'bounced', 'answered', 'invited', 'quota'].forEach(function (key) {
        set(row.querySelector('[data-field="' + key + '"]'), String(u[key]));
      });
      set(row.querySelector('[data-field="percent"]'), u.percent + '%');
      updateStatus(row.querySelector('[data-status]'), u);
    });
    if (status) status.setAttribute('data-updated', new Date(data.at).toISOString());
  }
  function poll() {
    if (document.hidden) return;
    fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (data) {
        if (data) apply(data);
      })
      .catch(function () {});
  }
  setInterval(poll, 10000);
})();
