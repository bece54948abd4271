// The enumerators' offline interview app (docs/DOMAIN.md § Interviews): interviews are kept in IndexedDB under a
// random UUID made on the device and uploaded when the network allows; the server stores each UUID once and
// answers which it holds, and only those are forgotten here. Nothing that identifies the interviewee is kept.
(function () {
  'use strict';
  var root = document.getElementById('interview-app');
  if (!root) return;
  var text = function (name, count) {
    return (root.getAttribute('data-text-' + name) || '').replace('{count}', String(count));
  };
  var status = document.getElementById('sync-status');
  var sendButton = document.getElementById('send-saved');
  var form = document.getElementById('interview-form');
  var questions = document.getElementById('interview-questions');
  var current = null;
  var BATCH = 50;

  if ('serviceWorker' in navigator)
    navigator.serviceWorker.register('/dieu-tra/sw.js', { scope: '/dieu-tra/' });

  function openStore() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open('cchc-interviews', 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore('interviews', { keyPath: 'uuid' });
      };
      request.onsuccess = function () {
        resolve(request.result);
      };
      request.onerror = function () {
        reject(request.error);
      };
    });
  }
  function withStore(mode, work) {
    return openStore().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction('interviews', mode);
        var result = work(tx.objectStore('interviews'));
        tx.oncomplete = function () {
          resolve(result && 'result' in result ? result.result : undefined);
        };
        tx.onerror = function () {
          reject(tx.error);
        };
      });
    });
  }
  var all = function () {
    return withStore('readonly', function (s) {
      return s.getAll();
    });
  };
  var put = function (item) {
    return withStore('readwrite', function (s) {
      s.put(item);
    });
  };
  var forget = function (uuids) {
    return withStore('readwrite', function (s) {
      uuids.forEach(function (u) {
        s.delete(u);
      });
    });
  };

  function show(message) {
    status.textContent = message;
  }

  function refresh() {
    return all().then(function (items) {
      var pending = items.filter(function (i) {
        return i.state === 'pending';
      });
      var refused = items.filter(function (i) {
        return i.state === 'refused';
      });
      sendButton.textContent = text('send', pending.length);
      sendButton.setAttribute('data-pending', String(pending.length));
      var list = document.getElementById('refused-list');
      list.textContent = '';
      refused.forEach(function (i) {
        var li = document.createElement('li');
        li.textContent = i.uuid.slice(0, 8) + ' — ' + i.message;
        list.appendChild(li);
      });
      document.getElementById('refused').hidden = refused.length === 0;
      return pending;
    });
  }

  var syncing = null;
  function sync() {
    if (syncing) return syncing;
    syncing = refresh()
      .then(function (pending) {
        if (pending.length === 0 || !navigator.onLine) return;
        show(text('sending'));
        return fetch('/dieu-tra/csrf', {
          credentials: 'same-origin',
          headers: { accept: 'application/json' },
        })
          .then(function (r) {
            if (!r.ok || r.redirected) throw new Error('session');
            return r.json();
          })
          .then(function (csrf) {
            var received = 0;
            var batches = [];
            for (var i = 0; i < pending.length; i += BATCH) batches.push(pending.slice(i, i + BATCH));
            return batches
              .reduce(function (done, batch) {
                return done
                  .then(function () {
                    return upload(csrf.token, batch);
                  })
                  .then(function (n) {
                    received += n;
                  });
              }, Promise.resolve())
              .then(function () {
                show(text('sent', received));
              });
          });
      })
      .catch(function (error) {
        show(error && error.message === 'session' ? text('sign-in') : text('failed'));
      })
      .then(function () {
        syncing = null;
        return refresh();
      });
    return syncing;
  }

  function upload(token, batch) {
    var body = JSON.stringify({
      interviews: batch.map(function (i) {
        return {
          uuid: i.uuid,
          campaignId: i.campaignId,
          unitId: i.unitId,
          formType: i.formType,
          version: i.version,
          startedAt: i.startedAt,
          endedAt: i.endedAt,
          answers: i.answers,
        };
      }),
    });
    return fetch('/dieu-tra/sync', {
      method: 'POST',
      credentials: 'same-origin',
      body: body,
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': token },
    })
      .then(function (r) {
        if (!r.ok || r.redirected) throw new Error(r.redirected ? 'session' : 'failed');
        return r.json();
      })
      .then(function (result) {
        var refused = result.receipts.filter(function (r) {
          return r.status === 'refused';
        });
        return Promise.all(
          refused.map(function (r) {
            var item = batch.find(function (i) {
              return i.uuid === r.uuid;
            });
            return item ? put(Object.assign({}, item, { state: 'refused', message: r.message })) : null;
          }),
        )
          .then(function () {
            return forget(result.held);
          })
          .then(function () {
            return result.held.length;
          });
      });
  }

  // The questionnaire of a unit and form type as cached with the page: the version the interview answers.
  function startInterview(button) {
    var campaign = button.getAttribute('data-campaign');
    var formType = button.getAttribute('data-form');
    var template = document.querySelector(
      'template.questionnaire[data-campaign="' + campaign + '"][data-form="' + formType + '"]',
    );
    if (!template) return;
    current = {
      campaignId: Number(campaign),
      unitId: Number(button.getAttribute('data-unit')),
      formType: formType,
      version: Number(template.getAttribute('data-version')),
      startedAt: Date.now(),
    };
    questions.textContent = '';
    questions.appendChild(template.content.cloneNode(true));
    document.getElementById('interview-title').textContent = button.getAttribute('data-label');
    form.hidden = false;
    document.getElementById('assignments').hidden = true;
    form.scrollIntoView();
  }

  function closeInterview() {
    current = null;
    form.hidden = true;
    questions.textContent = '';
    document.getElementById('assignments').hidden = false;
  }

  function answersOf() {
    var answers = {};
    new FormData(form).forEach(function (value, name) {
      if (typeof value !== 'string' || value === '') return;
      var field = questions.querySelector('[name="' + name + '"]');
      if (field && field.type === 'checkbox') (answers[name] = answers[name] || []).push(value);
      else answers[name] = value;
    });
    return answers;
  }

  document.querySelectorAll('.start-interview').forEach(function (button) {
    button.addEventListener('click', function () {
      startInterview(button);
    });
  });
  document.getElementById('cancel-interview').addEventListener('click', closeInterview);
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (!current) return;
    var item = Object.assign({}, current, {
      uuid: crypto.randomUUID(),
      endedAt: Date.now(),
      answers: answersOf(),
      state: 'pending',
    });
    put(item).then(function () {
      closeInterview();
      show(text('saved'));
      return navigator.onLine ? sync() : refresh();
    });
  });
  sendButton.addEventListener('click', sync);
  window.addEventListener('online', function () {
    show(text('online'));
    sync();
  });
  window.addEventListener('offline', function () {
    show(text('offline'));
  });
  setInterval(sync, 60000);
  sync();
})();
