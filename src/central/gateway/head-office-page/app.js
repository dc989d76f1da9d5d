/* global io, sessionStorage, fetch, setInterval, clearInterval */
// Head-office page: plain JS, no build step, no inline code (the CSP allows only this
// file and the socket.io client Socket.IO serves). The token lives in sessionStorage.
(function () {
  'use strict';
  var KEY = 'kahera.headOfficeToken';
  var $ = function (id) { return document.getElementById(id); };
  var socket = null;
  var refreshTimer = null;
  var pollTimer = null;
  var feed = [];

  var peso = new Intl.NumberFormat('en-PH', { style: 'currency', currency: 'PHP' });
  function money(centavos) { return peso.format(centavos / 100); }
  function lag(seconds) {
    if (seconds === null) return { text: 'no events yet', cls: '' };
    var text = seconds < 60 ? seconds + ' s' : seconds < 3600 ? Math.round(seconds / 60) + ' min' : Math.round(seconds / 3600) + ' h';
    return { text: text, cls: seconds > 3600 ? 'lag-bad' : seconds > 300 ? 'lag-warn' : '' };
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { if (k === 'text') node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }
  function setLive(text, cls) { var s = $('live'); s.textContent = text; s.className = 'status ' + (cls || ''); }

  function api(path) {
    return fetch(path, { headers: { authorization: 'Bearer ' + sessionStorage.getItem(KEY) } }).then(function (res) {
      if (res.status === 401) { signOut('That token was refused.'); throw new Error('unauthorized'); }
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    });
  }

  function render(items, flashStore) {
    var rows = $('rows');
    rows.textContent = '';
    var t = { online: 0, amount: 0, pending: 0, pendingAmount: 0 };
    items.forEach(function (s) {
      if (s.online) t.online += 1;
      t.amount += s.today.amount; t.pending += s.gateway.pendingCount; t.pendingAmount += s.gateway.pendingAmount;
      var l = lag(s.sync.lagSeconds);
      var tr = el('tr', flashStore === s.storeId ? { class: 'flash' } : {}, [
        el('td', { class: 'store' }, [el('b', { text: s.name }), el('small', { text: s.storeId + ' · seq ' + s.sync.ackedThrough })]),
        el('td', {}, [el('span', { class: 'pill ' + (s.online ? 'on' : 'off'), text: s.online ? 'online' : 'offline' })]),
        el('td', { class: l.cls, title: s.sync.lastPushAt ? 'last push ' + new Date(s.sync.lastPushAt).toLocaleString() : 'never pushed', text: l.text }),
        el('td', { class: 'num', text: money(s.today.amount) + ' · ' + s.today.count }),
        el('td', { class: 'num', text: s.gateway.pendingCount ? s.gateway.pendingCount + ' · ' + money(s.gateway.pendingAmount) : '—' }),
        el('td', { class: 'num' + (s.gateway.deadLettered ? ' lag-bad' : ''), title: s.gateway.deadLettered ? 'dead-lettered: the hub refused these events every time; see central\'s log' : '', text: String(s.gateway.undelivered) + (s.gateway.deadLettered ? ' · ' + s.gateway.deadLettered + ' dead-lettered' : '') })
      ]);
      rows.appendChild(tr);
    });
    if (items.length === 0) rows.appendChild(el('tr', {}, [el('td', { colspan: '6', class: 'muted', text: 'No stores registered yet.' })]));
    var totals = $('totals');
    totals.textContent = '';
    [[t.online + ' / ' + items.length, 'hubs online'], [money(t.amount), "today's collections"], [String(t.pending), 'gateway payments waiting'], [money(t.pendingAmount), 'waiting, in pesos']].forEach(function (p) {
      totals.appendChild(el('div', { class: 'total' }, [el('b', { text: p[0] }), el('span', { text: p[1] })]));
    });
    $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  }

  var lastFlash = null;
  function refresh() {
    return api('/api/v1/head-office/stores').then(function (body) { render(body.items, lastFlash); lastFlash = null; }, function () { /* shown by the status */ });
  }
  function soon(storeId) {
    lastFlash = storeId || lastFlash;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, 200);
  }

  function pushFeed(text) {
    feed.unshift({ at: new Date(), text: text });
    feed = feed.slice(0, 50);
    var list = $('feed');
    list.textContent = '';
    feed.forEach(function (f) { list.appendChild(el('li', {}, [el('time', { text: f.at.toLocaleTimeString() }), el('span', { text: f.text })])); });
  }

  function connect() {
    if (typeof io !== 'function') { setLive('live updates unavailable', 'down'); return; }
    socket = io('/head-office', { auth: { token: sessionStorage.getItem(KEY) }, transports: ['websocket', 'polling'] });
    socket.on('connect', function () { setLive('live', 'live'); refresh(); });
    socket.on('disconnect', function () { setLive('reconnecting…', 'down'); });
    socket.on('connect_error', function (err) { if (err && err.message === 'unauthorized') signOut('That token was refused.'); else setLive('reconnecting…', 'down'); });
    socket.on('store_presence_changed', function (p) { pushFeed(p.storeId + ' hub ' + (p.online ? 'connected' : 'disconnected')); soon(p.storeId); });
    var more = function (n) { return n ? ' and ' + n + ' more' : ''; };
    socket.on('gateway_event_received', function (p) { pushFeed(p.storeId + ' · ' + p.event.status + ' ' + money(p.event.amount) + ' (' + p.event.type + ')' + more(p.more)); soon(p.storeId); });
    socket.on('gateway_event_dead_lettered', function (p) { pushFeed(p.storeId + ' · event ' + p.eventId + ' dead-lettered: the hub refused it (' + p.reason + ')'); soon(p.storeId); });
    socket.on('gateway_event_delivered', function (p) { pushFeed(p.storeId + ' · delivered to the hub' + more(p.more)); soon(p.storeId); });
  }

  function signIn(token) {
    sessionStorage.setItem(KEY, token);
    return api('/api/v1/head-office/stores').then(function (body) {
      $('signin').hidden = true; $('board').hidden = false; $('signout').hidden = false;
      if (feed.length === 0) $('feed').appendChild(el('li', { class: 'empty', text: 'Waiting for events…' }));
      render(body.items, null);
      connect();
      clearInterval(pollTimer);
      // Sync lag moves with the clock and pushes do not broadcast: re-read now and then.
      pollTimer = setInterval(refresh, 15000);
    });
  }

  function signOut(message) {
    sessionStorage.removeItem(KEY);
    if (socket) { socket.close(); socket = null; }
    clearInterval(pollTimer);
    $('board').hidden = true; $('signout').hidden = true; $('signin').hidden = false;
    setLive('signed out', '');
    var e = $('signin-error');
    e.hidden = !message; e.textContent = message || '';
  }

  $('signin').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var token = $('token').value.trim();
    if (token) signIn(token).catch(function () { /* signOut showed why */ });
  });
  $('signout').addEventListener('click', function () { signOut(''); });
  if (sessionStorage.getItem(KEY)) signIn(sessionStorage.getItem(KEY)).catch(function () { /* signOut showed why */ });
})();
