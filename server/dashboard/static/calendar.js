// The calendar page's FullCalendar (served from node_modules). Without it the page keeps its
// server-rendered agenda list. Times are hub-local wall times: events come as local
// `YYYY-MM-DDTHH:mm` and the calendar runs in 'UTC' so that nothing converts them; a drop
// sends the new wall time back, and the server resolves it in the hub's zone (DST included).
(() => {
  const root = document.getElementById('calendar');
  const configEl = document.getElementById('calendar-config');
  if (!root || !configEl || !window.FullCalendar) return;
  const cfg = JSON.parse(configEl.textContent);
  const messages = cfg.messages;
  const panel = document.getElementById('calendar-panel');
  const live = document.getElementById('calendar-message');
  const token = () => document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
  const NARROW = 600;
  const narrow = () => window.innerWidth < NARROW;
  const pad = (n) => String(n).padStart(2, '0');
  // A Date of the calendar (UTC fields = hub wall time) as `YYYY-MM-DD` / `YYYY-MM-DDTHH:mm`.
  const day = (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const wall = (d) => `${day(d)}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  const hubNow = () =>
    new Intl.DateTimeFormat('sv-SE', {
      timeZone: cfg.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .format(new Date())
      .replace(' ', 'T');

  /** The message for an API error body (same reading as the server's problemKey). */
  const problemMessage = (status, body) => {
    const problems = Array.isArray(body?.error?.details) ? body.error.details : [];
    const about = (field, pattern) => problems.some((p) => p.field === field && pattern.test(p.message));
    if (status === 409) {
      if (about('fence', /./)) return messages.stale;
      if (about('at', /taken/)) return messages.taken;
      if (about('status', /changed meanwhile/)) return messages.busy;
      return messages.notMovable;
    }
    if (status !== 400) return messages.failed;
    if (about('at', /in the past/)) return messages.past;
    if (about('at', /does not exist/)) return messages.dstGap;
    if (about('at', /at least/)) return messages.tooSoon;
    if (about('at', /within/)) return messages.tooFar;
    if (about('at', /outside the campaign/)) return messages.outside;
    return messages.invalidTime;
  };

  const clearProblems = () => {
    for (const note of document.querySelectorAll('.calendar-problem')) note.remove();
  };

  /** A message beside the event (and read out by the live region). */
  const tell = (text, near) => {
    live.textContent = text;
    live.className = 'calendar-message calendar-message-error';
    clearProblems();
    if (!near) return;
    const box = near.getBoundingClientRect();
    const note = document.createElement('p');
    note.className = 'calendar-problem';
    note.setAttribute('role', 'alert');
    note.textContent = text;
    note.style.top = `${window.scrollY + box.bottom + 4}px`;
    note.style.left = `${Math.max(8, Math.min(window.scrollX + box.left, window.innerWidth - 288))}px`;
    document.body.append(note);
    setTimeout(() => note.remove(), 8000);
  };

  const openPanel = async (id, opener) => {
    const res = await fetch(`/calendar/publications/${id}`, { headers: { 'HX-Request': 'true' } });
    if (!res.ok) return tell(messages.failed);
    panel.innerHTML = await res.text();
    panel.hidden = false;
    panel.returnFocus = opener;
    window.htmx?.process(panel);
    panel.focus();
  };
  panel.addEventListener('click', (event) => {
    if (!event.target.closest('[data-calendar-close]')) return;
    panel.hidden = true;
    panel.returnFocus?.focus();
  });
  panel.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    panel.hidden = true;
    panel.returnFocus?.focus();
  });
  document.body.addEventListener('calendar-changed', () => calendar.refetchEvents());

  const fetchEvents = async (info) => {
    const end = new Date(info.end.getTime() - 86_400_000);
    const params = new URLSearchParams({ from: day(info.start), to: day(end), ...cfg.filters });
    const res = await fetch(`/api/v1/calendar?${params}`, { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(messages.loadFailed);
    const feed = await res.json();
    const names = feed.names;
    const title = (e) => {
      const channel = names.channels[e.channelId] ?? e.platform;
      const who = e.enterpriseIds.map((id) => names.enterprises[id]).filter(Boolean);
      return who.length > 0 ? `${who.join(', ')} · ${channel}` : channel;
    };
    return feed.events.map((e) => ({
      id: e.id,
      title: title(e),
      start: e.local,
      editable: feed.canMove && feed.movableStatuses.includes(e.status),
      classNames: [`status-${e.status}`],
      extendedProps: { status: e.status, fence: e.fence },
    }));
  };

  const move = async (info) => {
    const { event } = info;
    const res = await fetch(`/api/v1/publications/${event.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token(), Accept: 'application/json' },
      body: JSON.stringify({ at: wall(event.start), fence: event.extendedProps.fence }),
    }).catch(() => undefined);
    if (res?.ok) {
      const after = await res.json();
      event.setExtendedProp('fence', after.fence);
      live.className = 'calendar-message';
      live.textContent = `${event.title}: ${wall(event.start).replace('T', ' ')}`;
      clearProblems();
      return;
    }
    const body = await res?.json().catch(() => undefined);
    info.revert();
    // The element after the revert: the message sits beside the event where it is again.
    requestAnimationFrame(() => {
      tell(problemMessage(res?.status ?? 0, body), root.querySelector(`[data-publication-id="${event.id}"]`));
      // Stale data: show the publication as it is now, so the next move starts from it.
      if (res?.status === 409) calendar.refetchEvents();
    });
  };

  const toolbar = () =>
    narrow()
      ? { left: 'prev,next', center: 'title', right: 'today' }
      : { left: 'prev,next today', center: 'title', right: 'dayGridMonth,timeGridWeek,listWeek' };

  root.innerHTML = '';
  const calendar = new window.FullCalendar.Calendar(root, {
    timeZone: 'UTC',
    now: hubNow,
    locale: cfg.locale,
    initialView: narrow() ? 'listWeek' : 'dayGridMonth',
    headerToolbar: toolbar(),
    height: 'auto',
    firstDay: 0,
    dayMaxEvents: 4,
    eventDisplay: 'block',
    eventInteractive: true,
    editable: cfg.staff,
    eventDurationEditable: false,
    defaultTimedEventDuration: '00:30',
    events: (info, success, failure) => fetchEvents(info).then(success, failure),
    eventSourceFailure: () => tell(messages.loadFailed),
    eventDrop: move,
    eventClick: (info) => {
      info.jsEvent.preventDefault();
      openPanel(info.event.id, info.el);
    },
    eventDidMount: (info) => {
      const status = messages[`status.${info.event.extendedProps.status}`];
      info.el.dataset.publicationId = info.event.id;
      info.el.setAttribute(
        'aria-label',
        `${wall(info.event.start).replace('T', ' ')} · ${status} · ${info.event.title}`,
      );
    },
    eventContent: (arg) => {
      const time = document.createElement('span');
      time.className = 'calendar-event-time';
      time.textContent = arg.timeText;
      const status = document.createElement('span');
      status.className = 'calendar-event-status';
      status.textContent = messages[`status.${arg.event.extendedProps.status}`];
      const title = document.createElement('span');
      title.className = 'calendar-event-title';
      title.textContent = arg.event.title;
      return { domNodes: [time, status, title] };
    },
    windowResize: () => {
      const wanted = narrow() ? 'listWeek' : 'dayGridMonth';
      const isList = calendar.view.type.startsWith('list');
      if (narrow() !== isList) calendar.changeView(wanted);
      calendar.setOption('headerToolbar', toolbar());
    },
  });
  calendar.render();
})();
