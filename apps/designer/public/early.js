// Liên Thông console: the first requests leave before the app's scripts load (src/api/early.ts takes their answers).
// A classic script served as is (no bundling), so it runs while the page is still being read; the app takes an answer
// only when it asks for exactly the same URL, otherwise it asks again itself. Same-origin, the session cookie only.
(function () {
  if (typeof fetch !== 'function') return;
  var early = {};
  var ask = function (url) {
    var answer = fetch(url, { credentials: 'same-origin' });
    answer.catch(function () { /* the app asks again */ });
    early[url] = answer;
  };
  ask('/trpc/auth.me');
  // The run list's first page as api.runPage(filterOf(no parameters)) asks for it: { limit: 20 }.
  if (location.pathname === '/runs' && !location.search) ask('/trpc/runs.search?input=' + encodeURIComponent(JSON.stringify({ limit: 20 })));
  window.__ltEarly = early;
})();
