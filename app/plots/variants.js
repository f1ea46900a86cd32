// Precomputed variants: a page's sliders switch each run between grid points in the browser.
//
// The page carries every grid point of every run (variant_controls.py): `m.store` has one
// row per grid point (row, point, label, fx, fy, fl as compact codes, end: the exact last
// [x, y, L], diverged_at, curves: {source name: [rows]}), `m.runs` one row per run of the
// scene (optimizer, color, plot, first, shape, axes, resolved hyperparameters). Moving a
// slider decodes that grid point (once, then kept) and swaps the run's rows of every source
// in the same animation frame; the player keeps its frame.
//
// m: the player's models and {store, runs, curves: {name: source}, divergence: [source],
//    sliders: [[Slider]], notes: [Div]}

function optiviz_decode(code) {
  const data = code.data
  const out = new Float64Array(data.length)
  if (code.codec === "f32") {
    out.set(data)
    return out
  }
  let c = 0
  for (let i = 0; i < data.length; i++) {
    if (code.codec === "steps") {
      c += data[i]
      out[i] = c
      continue
    }
    c = (c + data[i]) & 0xffff
    if (code.codec === "q16") {
      out[i] = code.low + c * code.scale
    } else if (c === 0) {
      out[i] = code.reference
    } else if (c === code.top) {
      out[i] = NaN
    } else {
      out[i] = code.reference + 10 ** (code.low + (c - 1) * code.scale)
    }
  }
  return out
}

function optiviz_variants(m) {
  if (m.store._optiviz_variants != null) {
    return m.store._optiviz_variants
  }
  const QUIET = {sync: false}
  const p = optiviz_player(m)
  const runs = m.runs.data
  const v = {points: new Map(), chosen: runs.own.map((own, row) => runs.first[row] + own)}
  m.store._optiviz_variants = v
  p.variants = v

  // Grid point i of the store, decoded: every frame's position and loss with the exact end.
  v.point = function (i) {
    if (v.points.has(i)) {
      return v.points.get(i)
    }
    const s = m.store.data
    const fx = optiviz_decode(s.fx[i])
    const fy = optiviz_decode(s.fy[i])
    const fl = optiviz_decode(s.fl[i])
    const [x, y, loss] = s.end[i]
    const diverged_at = s.diverged_at[i] < 0 ? null : s.diverged_at[i]
    const steps = m.timeline.data.step
    for (let f = fx.length - 1; f >= 0; f--) {
      // The last frame, and every frame after a divergence (frozen there), exactly.
      if (f < fx.length - 1 && (diverged_at == null || steps[f] < diverged_at - 1)) {
        break
      }
      fx[f] = x
      fy[f] = y
      fl[f] = loss
    }
    const curves = {}
    for (const [name, rows] of Object.entries(s.curves[i])) {
      curves[name] = rows.map((row) => ({...row, xs: optiviz_decode(row.xs), ys: optiviz_decode(row.ys)}))
    }
    const point = {fx, fy, fl, end: [x, y, loss], diverged_at, label: s.label[i], curves}
    v.points.set(i, point)
    return point
  }

  // Writes every run's chosen grid point into the sources the plots draw.
  v.apply = function () {
    const steps = m.timeline.data.step
    const chosen = v.chosen.map((i) => v.point(i))
    for (let k = 0; k < m.paths.length; k++) {
      const paths = {xs: [], ys: [], steps: [], fx: [], fy: [], fl: [], color: [], label: []}
      const divergence = {x: [], y: [], step: [], color: [], label: []}
      chosen.forEach((point, row) => {
        if (runs.plot[row] !== k) {
          return
        }
        const color = runs.color[row]
        for (const [key, value] of Object.entries({xs: point.fx, ys: point.fy, steps,
          fx: point.fx, fy: point.fy, fl: point.fl, color, label: point.label})) {
          paths[key].push(value)
        }
        if (point.diverged_at != null) {
          for (const [key, value] of Object.entries({x: point.end[0], y: point.end[1],
            step: point.diverged_at, color, label: point.label})) {
            divergence[key].push(value)
          }
        }
      })
      p.written.add(paths)
      m.paths[k].setv({data: paths}, QUIET)
      m.divergence[k].setv({data: divergence}, QUIET)
    }
    for (const [name, source] of Object.entries(m.curves)) {
      const data = {xs: [], ys: [], color: [], dash: [], label: []}
      chosen.forEach((point, row) => {
        for (const line of point.curves[name] ?? []) {
          for (const key of Object.keys(data)) {
            data[key].push(key === "color" ? runs.color[row] : line[key])
          }
        }
      })
      source.setv({data}, QUIET)
    }
    chosen.forEach((point, row) => {
      const text = point.diverged_at == null ? "" : `diverged at step ${point.diverged_at}`
      m.notes[row].setv({text}, QUIET)
    })
    p.render()
  }

  // The slider of `row`'s axis `axis` moved to value number `index`.
  v.choose = function (row, axis, index) {
    const shape = runs.shape[row]
    const at = v.chosen[row] - runs.first[row]
    const indices = []
    let rest = at
    for (let a = shape.length - 1; a >= 0; a--) {
      indices[a] = rest % shape[a]
      rest = Math.floor(rest / shape[a])
    }
    indices[axis] = Math.min(Math.max(Math.round(index), 0), shape[axis] - 1)
    const point = indices.reduce((sum, i, a) => sum * shape[a] + i, 0)
    if (runs.first[row] + point !== v.chosen[row]) {
      v.chosen[row] = runs.first[row] + point
      v.apply()
    }
    const slider = m.sliders[row][axis]
    if (slider.value !== indices[axis]) {
      slider.setv({value: indices[axis]}, QUIET)
    }
  }

  // optiviz.set(row, name, value): the nearest precomputed value (on a log scale where the
  // slider is logarithmic), which is returned.
  v.set = function (row, name, value) {
    if (!Number.isInteger(row) || row < 0 || row >= runs.optimizer.length) {
      throw new Error(`row must be 0 … ${runs.optimizer.length - 1}, got ${JSON.stringify(row)}`)
    }
    const axes = runs.axes[row]
    const axis = axes.findIndex((a) => a.name === name)
    if (axis < 0) {
      const names = axes.map((a) => a.name).join(", ")
      throw new Error(`row ${row} has no slider ${JSON.stringify(name)}; it has ${names}`)
    }
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new Error(`value must be a finite number, got ${JSON.stringify(value)}`)
    }
    const {values, log} = axes[axis]
    const distance = (x) => log && x > 0 && value > 0 ? Math.abs(Math.log(x / value)) : Math.abs(x - value)
    let best = 0
    values.forEach((x, i) => {
      if (distance(x) < distance(values[best])) {
        best = i
      }
    })
    v.choose(row, axis, best)
    return values[best]
  }

  // The runs as drawn, with the hyperparameters of each run's chosen grid point.
  v.runs = function () {
    return v.chosen.map((i, row) => {
      const point = v.point(i)
      const hyperparameters = {...runs.resolved[row]}
      const at = i - runs.first[row]
      let rest = at
      const axes = runs.axes[row]
      for (let a = axes.length - 1; a >= 0; a--) {
        hyperparameters[axes[a].name] = axes[a].values[rest % runs.shape[row][a]]
        rest = Math.floor(rest / runs.shape[row][a])
      }
      return {
        optimizer: runs.optimizer[row],
        label: point.label,
        hyperparameters,
        positions: Array.from(point.fx, (x, f) => [x, point.fy[f]]),
        losses: Array.from(point.fl),
        diverged_at: point.diverged_at,
      }
    })
  }

  return v
}

window.optiviz_variants = optiviz_variants
window.optiviz_decode = optiviz_decode
