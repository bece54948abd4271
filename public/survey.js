// Progressive enhancement of the survey form: answers kept in this browser until sent, a progress line,
// focus on the error summary. The form works fully without it.
(function () {
  'use strict';

  function storage() {
    try {
      return window.localStorage;
    } catch {
      return null;
    }
  }

  var thanks = document.querySelector('[data-clear-draft]');
  if (thanks) {
    var s = storage();
    if (s) s.removeItem(thanks.getAttribute('data-clear-draft'));
    return;
  }

  var form = document.getElementById('survey-form');
  if (!form) return;
  var key = form.getAttribute('data-draft-key');
  // No key (the admin's preview of a questionnaire): nothing is kept in the browser.
  var store = key ? storage() : null;
  var questions = Array.prototype.slice.call(form.querySelectorAll('[data-question]'));

  function fields() {
    return Array.prototype.slice.call(form.querySelectorAll('input[name^="q_"], textarea[name^="q_"]'));
  }

  function save() {
    if (!store) return;
    var draft = {};
    fields().forEach(function (el) {
      if (el.tagName === 'TEXTAREA') {
        if (el.value) draft[el.name] = [el.value];
      } else if (el.checked) {
        (draft[el.name] = draft[el.name] || []).push(el.value);
      }
    });
    try {
      store.setItem(key, JSON.stringify(draft));
    } catch {
      // Storage full or disabled: the form still works, only the draft is not kept.
    }
  }

  function restore() {
    if (!store || form.getAttribute('data-restore') !== 'yes') return;
    var draft;
    try {
      draft = JSON.parse(store.getItem(key) || 'null');
    } catch {
      draft = null;
    }
    if (!draft) return;
    fields().forEach(function (el) {
      var values = draft[el.name];
      if (!values) return;
      if (el.tagName === 'TEXTAREA') el.value = values[0];
      else el.checked = values.indexOf(el.value) >= 0;
    });
  }

  var progress = document.getElementById('survey-progress');
  function updateProgress() {
    if (!progress) return;
    var answered = questions.filter(function (q) {
      var area = q.querySelector('textarea');
      if (area) return area.value.trim() !== '';
      return q.querySelector('input:checked') !== null;
    }).length;
    var total = questions.length;
    var text = progress
      .getAttribute('data-template')
      .replace('{n}', String(answered))
      .replace('{total}', String(total));
    // A live region: rewriting it with the same words at every key typed would have them read out again.
    var line = progress.querySelector('.survey-progress-text');
    if (line.textContent !== text) line.textContent = text;
    progress.querySelector('.progress > span').style.width = (total ? (answered / total) * 100 : 0) + '%';
    progress.hidden = false;
  }

  restore();
  updateProgress();
  var note = form.querySelector('.draft-note');
  if (note && store) note.hidden = false;
  form.addEventListener('change', function () {
    save();
    updateProgress();
  });
  form.addEventListener('input', function () {
    save();
    updateProgress();
  });

  var summary = document.getElementById('error-summary');
  if (summary) {
    summary.focus();
    summary.addEventListener('click', function (event) {
      var link = event.target.closest('a[href^="#"]');
      if (!link) return;
      var target = document.getElementById(link.getAttribute('href').slice(1));
      if (!target) return;
      event.preventDefault();
      var input = target.matches('textarea') ? target : target.querySelector('input');
      target.scrollIntoView({ block: 'center' });
      (input || target).focus();
    });
  }
})();
