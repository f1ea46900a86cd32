// The optiviz player: animates trajectories that were computed whole, in the browser.
//
// Every callback of the player (see player.py) runs this file and then calls one method of
// `optiviz_player(m)`, the player object kept on the `timeline` source, so the live app and
// the offline export share one implementation. Playing never talks to the server: what the
// player draws (trails, heads, step markers, scrubber, labels) is set with {sync: false}.
// Only a pause, a step or a seek reports the frame, once, through the scrubber's value.
//
// m: {timeline, paths: [source], trails: [source], heads: [source], spans: [Span],
//     scrubber: Slider, play: Button, label: Div, speed: Select, loop: Toggle}
// timeline.data.step[f] is the step shown at frame f; paths[k].data has one row per run:
// xs, ys, steps (the thinned path and the step of each point), fx, fy, fl (position and
// loss at every frame), color, label.

function optiviz_player(m) {
  if (m.timeline._optiviz_player != null) {
    return m.timeline._optiviz_player
  }
  const SECONDS = 8  // a whole run at speed 1
  const QUIET = {sync: false}
  const p = {frame: null, playing: false, handle: null, last: null, carry: 0, pending: false}
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

  p.render = function () {
    const f = Math.min(Math.max(p.frame ?? last_frame(), 0), last_frame())
    p.frame = f
    const steps = m.timeline.data.step
    const step = steps[f]
    for (let k = 0; k < m.paths.length; k++) {
      draw_plot(k, f, step)
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
  p.seek = function (scrubber) {
    const f = Math.round(scrubber.value)
    if (f === p.frame) {
      return
    }
    p.playing = false
    p.frame = f
    p.render()
  }

  // New data from the server: show the new runs whole, or keep playing from where we are.
  // A server message may replace several sources; the microtask runs once all are in.
  p.refresh = function () {
    if (p.pending) {
      return
    }
    p.pending = true
    queueMicrotask(() => {
      p.pending = false
      if (!p.playing) {
        p.frame = last_frame()
      }
      p.render()
    })
  }

  p.key = function (event) {
    const target = event.composedPath()[0]
    const tag = target != null && target.tagName != null ? target.tagName.toLowerCase() : ""
    if (["input", "textarea", "select"].includes(tag) || (target && target.isContentEditable)) {
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

  // Keyboard: space plays and pauses, arrows step (shift: by 10), Home/End jump.
  p.install = function () {
    if (window._optiviz_keys != null) {
      document.removeEventListener("keydown", window._optiviz_keys)
    }
    window._optiviz_keys = (event) => p.key(event)
    document.addEventListener("keydown", window._optiviz_keys)
    window.optiviz_player = p
    p.render()
  }

  return p
}
