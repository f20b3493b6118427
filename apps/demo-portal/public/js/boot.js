// Runs before the first paint (a classic, blocking script in <head>): picks the organisation remembered in
// localStorage (or ?tenant=…) and sets <html lang> and the colour scheme, so a dark, Chinese page never flashes
// as a light, English one. Everything else lives in portal.js.
(function () {
  /** @type {Record<string, { lang: string, scheme: string }>} */
  var KNOWN = { acme: { lang: 'en', scheme: 'light' }, globex: { lang: 'zh-CN', scheme: 'dark' } };
  var KEY = 'meridian.tenant';
  var id = 'acme';
  try {
    var params = new URLSearchParams(location.search);
    var asked = params.get('tenant');
    if (asked && KNOWN[asked]) {
      localStorage.setItem(KEY, asked);
      params.delete('tenant');
      var rest = params.toString();
      history.replaceState(null, '', location.pathname + (rest ? '?' + rest : '') + location.hash);
    }
    var stored = localStorage.getItem(KEY);
    if (stored && KNOWN[stored]) id = stored;
  } catch (e) {
    /* storage blocked: the default organisation */
  }
  var known = KNOWN[id] || { lang: 'en', scheme: 'light' };
  var root = document.documentElement;
  root.lang = known.lang;
  root.setAttribute('data-tenant', id);
  root.setAttribute('data-scheme', known.scheme);
})();
