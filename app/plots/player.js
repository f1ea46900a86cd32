// The optiviz player: animates trajectories that were computed whole, in the browser.
//
// Every callback of the player (see player.py) runs this file once, then calls one method
// of `optiviz_player(m)`, the player object kept on the `timeline` source, so the live app
// and the offline export share one implementation. Playing never talks to the server: what
// the player draws (trails, heads, step markers, scrubber, labels) is set with {sync: false}.
// Only a pause, a step or a seek reports the frame, once, through the scrubber's value.
//
// m: {timeline, paths: [source], trails: [source], heads: [source], spans: [Span],
//     scrubber: Slider, play: Button, label: Div, speed: Select, loop: Toggle,
//     data_curves: [source], data_lines: [source], data_batches: [source], data_marks: [source],
//     requests: source}
// timeline.data.step[f] is the step shown at frame f; paths[k].data has one row per run:
// xs, ys, steps (the thinned path and the step of each point), fx, fy, fl (position and
// loss at every frame), color, label. The data views' rows (data_view.py) hold every
// frame's values one frame after another: fxs, fys, and per frame (or once) labels.
//
// The page's API, `window.optiviz` (and the same commands by postMessage, for a slide deck
// that embeds the page in an iframe):
//   play(), pause(), seek(step) → the step shown, set(row, name, value) → the value taken,
//   state() → {step, steps, playing, runs: [{optimizer, label, hyperparameters, positions,
//              losses, diverged_at}]}
// A page with precomputed variants (variants.js) switches runs at once; the served app
// sends the request to the server through `m.requests`.

function optiviz_player(m) {
  if (m.timeline._optiviz_player != null) {
    return m.timeline._optiviz_player
  }
  const SECONDS = 8  // a whole run at speed 1
  const QUIET = {sync: false}
  const p = {frame: null, playing: false, handle: null, last: null, carry: 0, pending: false}
  p.variants = null  // set by variants.js on a page that carries its runs' variants
  p.written = new WeakSet()  // data objects written by the page itself (not the server)
  m.timeline._optiviz_player = p

  const frames = () => m.timeline.data.step.length
  const last_frame = () => Math.max(frames() - 1, 0)

  // Number of entries of the sorted array `steps` that are <= s.
  function upto(steps, s) {
    let lo = 0
    let hi = steps.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (steps[mid] <= s) {
        lo = mid + 1
      } else {
        hi = mid
      }
    }
    return lo
  }

  function draw_plot(k, f, step) {
    const d = m.paths[k].data
    const xs = []
    const ys = []
    const x = []
    const y = []
    const loss = []
    for (let i = 0; i < d.xs.length; i++) {
      const n = upto(d.steps[i], step)
      const px = Array.from(d.xs[i].slice(0, n))
      const py = Array.from(d.ys[i].slice(0, n))
      px.push(d.fx[i][f])
      py.push(d.fy[i][f])
      xs.push(px)
      ys.push(py)
      x.push(d.fx[i][f])
      y.push(d.fy[i][f])
      loss.push(d.fl[i][f])
    }
    const color = Array.from(d.color)
    const label = Array.from(d.label)
    m.trails[k].setv({data: {xs, ys, color, label}}, QUIET)
    m.heads[k].setv({data: {x, y, loss, color, label, step: x.map(() => step)}}, QUIET)
  }

  // Frame f's slice of each row of a data view's sources: the models as lines, the
  // mini-batches' points as rings.
  function draw_data(k, f) {
    const count = frames()
    // Row values of frame f: n of them, or the whole row when it holds n for all frames.
    const slice = (row, n) => Array.from(row.length === n ? row : row.slice(f * n, (f + 1) * n))
    const sliced = (d) => {
      const sizes = d.fys.map((row) => row.length / count)
      return [d.fxs.map((row, i) => slice(row, sizes[i])), d.fys.map((row, i) => slice(row, sizes[i]))]
    }
    const c = m.data_curves[k].data
    const [xs, ys] = sliced(c)
    const label = c.labels.map((names) => names[Math.min(f, names.length - 1)])
    m.data_lines[k].setv({data: {
      xs, ys, color: Array.from(c.color), dash: Array.from(c.dash), label,
    }}, QUIET)
    const b = m.data_batches[k].data
    const [x, y] = sliced(b)
    const color = x.map((row, i) => row.map(() => b.color[i]))
    m.data_marks[k].setv({data: {x: x.flat(), y: y.flat(), color: color.flat()}}, QUIET)
  }

  p.render = function () {
    const f = Math.min(Math.max(p.frame ?? last_frame(), 0), last_frame())
    p.frame = f
    const steps = m.timeline.data.step
    const step = steps[f]
    for (let k = 0; k < m.paths.length; k++) {
      draw_plot(k, f, step)
    }
    for (let k = 0; k < m.data_curves.length; k++) {
      draw_data(k, f)
    }
    for (const span of m.spans) {
      span.setv({location: step}, QUIET)
    }
    m.scrubber.setv({end: Math.max(last_frame(), 1), value: f}, QUIET)
    m.label.setv({text: `step ${step} / ${steps[last_frame()]}`}, QUIET)
    // The play button shows ❚❚ while playing by a class, not a new label: a new label
    // re-renders the button, and the keyboard's focus would be lost with it.
    m.play.setv({css_classes: p.playing ? ["ov-play", "ov-playing"] : ["ov-play"]}, QUIET)
  }

  // Tells the server which frame is shown (for the inspector), once.
  p.report = function () {
    m.scrubber.setv({value: p.frame}, {check_eq: false})
  }

  // Reduced motion (the reader's system setting): play steps through the run a tenth
  // at a time, a step a second, instead of animating it.
  const REDUCED = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false

  function tick(now) {
    if (!p.playing) {
      return
    }
    if (REDUCED) {
      p.last = p.last ?? now
      if (now - p.last < 1000) {
        p.handle = requestAnimationFrame(tick)
        return
      }
      p.carry = Math.max(Math.ceil(frames() / 10), 1)
    } else if (p.last != null) {
      p.carry += ((now - p.last) / 1000) * (frames() / SECONDS) * Number(m.speed.value)
    }
    p.last = now
    const advance = Math.floor(p.carry)
    if (advance > 0) {
      p.carry -= advance
      let f = p.frame + advance
      if (f > last_frame()) {
        if (m.loop.active) {
          f = 0
        } else {
          f = last_frame()
          p.playing = false
        }
      }
      p.frame = f
      p.render()
    }
    if (p.playing) {
      p.handle = requestAnimationFrame(tick)
    } else {
      p.report()
    }
  }

  p.play = function () {
    if (p.playing) {
      return
    }
    if (p.frame == null || p.frame >= last_frame()) {
      p.frame = 0
    }
    p.playing = true
    p.last = null
    p.carry = 0
    p.render()
    p.handle = requestAnimationFrame(tick)
  }

  p.pause = function () {
    p.playing = false
    if (p.handle != null) {
      cancelAnimationFrame(p.handle)
      p.handle = null
    }
    p.render()
    p.report()
  }

  p.toggle = function () {
    if (p.playing) {
      p.pause()
    } else {
      p.play()
    }
  }

  p.step = function (delta) {
    if (p.playing) {
      p.playing = false
      cancelAnimationFrame(p.handle)
    }
    p.frame = Math.min(Math.max((p.frame ?? last_frame()) + delta, 0), last_frame())
    p.render()
    p.report()
  }

  // The scrubber moved: by the user (seek there), or by render() (nothing to do).
  p.scrub = function (scrubber) {
    const f = Math.round(scrubber.value)
    if (f === p.frame) {
      return
    }
    p.playing = false
    p.frame = f
    p.render()
  }

  // Shows the frame nearest to `step`, playing on if it was playing; returns its step.
  p.seek = function (step) {
    const steps = m.timeline.data.step
    const n = upto(steps, step)
    const below = Math.max(n - 1, 0)
    const above = Math.min(n, last_frame())
    p.frame = Math.abs(steps[above] - step) < Math.abs(step - steps[below]) ? above : below
    p.carry = 0
    p.render()
    if (!p.playing) {
      p.report()
    }
    return steps[p.frame]
  }

  // New data: from the server, show the new runs whole (or keep playing from where we are);
  // from the page's own variants, keep the frame. A server message may replace several
  // sources; the microtask runs once all are in.
  p.refresh = function () {
    if (p.pending) {
      return
    }
    p.pending = true
    queueMicrotask(() => {
      p.pending = false
      const own = m.paths.every((source) => p.written.has(source.data))
      if (!p.playing && !own) {
        p.frame = last_frame()
      }
      p.render()
    })
  }

  p.key = function (event) {
    const target = event.composedPath()[0]
    const tag = target != null && target.tagName != null ? target.tagName.toLowerCase() : ""
    const slider = target?.getAttribute?.("role") === "slider"  // arrows move the slider
    if (["input", "textarea", "select"].includes(tag) || target?.isContentEditable || slider) {
      return
    }
    const actions = {
      " ": () => p.toggle(),
      ArrowRight: () => p.step(event.shiftKey ? 10 : 1),
      ArrowLeft: () => p.step(event.shiftKey ? -10 : -1),
      Home: () => p.step(-frames()),
      End: () => p.step(frames()),
    }
    const action = actions[event.key]
    if (action != null && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault()
      action()
    }
  }

  // The runs as drawn: every frame's position and loss, the last point exact.
  function runs() {
    if (p.variants != null) {
      return p.variants.runs()
    }
    const found = []
    for (let k = 0; k < m.paths.length; k++) {
      const d = m.paths[k].data
      for (let i = 0; i < d.fx.length; i++) {
        found.push({
          optimizer: null,
          label: d.label[i],
          hyperparameters: null,
          positions: Array.from(d.fx[i], (x, f) => [x, d.fy[i][f]]),
          losses: Array.from(d.fl[i]),
          diverged_at: null,
        })
      }
    }
    return found
  }

  // Switches a run's hyperparameter: to the nearest precomputed value on a page with
  // variants, or by asking the server in the app. Returns the value taken (the app: the
  // value asked for, shown once the server has run it).
  p.set = function (row, name, value) {
    if (p.variants != null) {
      return p.variants.set(row, name, value)
    }
    check_number(value, "value")
    m.requests.setv({data: {row: [row], name: [String(name)], value: [value]}})
    return value
  }

  function check_number(value, what) {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new Error(`${what} must be a finite number, got ${JSON.stringify(value)}`)
    }
  }

  const api = {
    play: () => p.play(),
    pause: () => p.pause(),
    seek: (step) => {
      check_number(step, "step")
      return p.seek(step)
    },
    set: (row, name, value) => p.set(row, name, value),
    state: () => {
      const steps = m.timeline.data.step
      const f = Math.min(Math.max(p.frame ?? last_frame(), 0), last_frame())
      return {step: steps[f], steps: steps[last_frame()], playing: p.playing, runs: runs()}
    },
  }

  // postMessage: {optiviz: "play" | "pause" | "seek" | "set" | "state", step, row, name,
  // value, id}; the answer goes back to the sender as {optiviz_reply: command, id, result},
  // or {optiviz_reply: "error", id, error} for a command that cannot be carried out.
  function answer(event) {
    const data = event.data
    if (data == null || typeof data !== "object" || typeof data.optiviz !== "string") {
      return
    }
    const reply = (message) => {
      if (event.source != null && event.source !== window) {
        event.source.postMessage({...message, id: data.id ?? null}, "*")
      }
    }
    const commands = {
      play: () => api.play(),
      pause: () => api.pause(),
      seek: () => api.seek(data.step),
      set: () => api.set(data.row, data.name, data.value),
      state: () => api.state(),
    }
    const command = commands[data.optiviz]
    try {
      if (command == null) {
        throw new Error(`unknown command ${JSON.stringify(data.optiviz)}; use ${Object.keys(commands).join(", ")}`)
      }
      reply({optiviz_reply: data.optiviz, result: command() ?? null})
    } catch (error) {
      reply({optiviz_reply: "error", error: String(error.message ?? error)})
    }
  }

  // Keyboard (space plays and pauses, arrows step, shift: by 10, Home/End jump), the
  // page's API and its messages; messages that came before the page was ready are answered
  // now, and an embedding page is told that it is ready.
  p.install = function () {
    if (window._optiviz_listeners != null) {
      document.removeEventListener("keydown", window._optiviz_listeners.key)
      window.removeEventListener("message", window._optiviz_listeners.message)
    }
    window._optiviz_listeners = {key: (event) => p.key(event), message: answer}
    document.addEventListener("keydown", window._optiviz_listeners.key)
    window.addEventListener("message", answer)
    window.optiviz = api
    p.render()
    const early = window._optiviz_early ?? []
    window._optiviz_early = []
    early.forEach(answer)
    if (window.parent !== window) {
      window.parent.postMessage({optiviz_reply: "ready", id: null, result: null}, "*")
    }
  }

  return p
}

window.optiviz_player = optiviz_player
