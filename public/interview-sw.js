// Service worker of the interview app (docs/DOMAIN.md § Interviews): keeps the app page (with the assigned
// questionnaires in it) and its files, so the app opens and works with no network. The page is asked of the
// network first and kept whenever it comes back; uploads and every other request go straight to the network.
'use strict';
var CACHE = 'cchc-interviews-v1';
var APP = '/dieu-tra/';
var FILES = [
  '/static/app.css',
  '/static/interview-app.js',
  '/static/favicon.svg',
  '/dieu-tra/manifest.webmanifest',
];

self.addEventListener('install', function (event) {
  event.waitUntil(
    caches
      .open(CACHE)
      .then(function (cache) {
        return cache.addAll(FILES.concat([APP]));
      })
      .then(function () {
        return self.skipWaiting();
      }),
  );
});

self.addEventListener('activate', function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === APP) {
    event.respondWith(
      fetch(request)
        .then(function (response) {
          // A redirect to the login page is not the app: keep the last good copy.
          if (response.ok && !response.redirected) {
            var copy = response.clone();
            caches.open(CACHE).then(function (cache) {
              cache.put(APP, copy);
            });
          }
          return response;
        })
        .catch(function () {
          return caches.match(APP);
        }),
    );
  } else if (FILES.indexOf(url.pathname) >= 0) {
    event.respondWith(
      fetch(request)
        .then(function (response) {
          var copy = response.clone();
          if (response.ok)
            caches.open(CACHE).then(function (cache) {
              cache.put(url.pathname, copy);
            });
          return response;
        })
        .catch(function () {
          return caches.match(url.pathname);
        }),
    );
  }
});
