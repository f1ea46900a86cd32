// The optiviz 3-D view: the surface as a lit terrain and each run a ball rolling on it, drawn
// with vtk.js (the build Panel ships) and driven by the player of the 2-D plot.
//
// Every callback of the view (see terrain_plot.py) runs this file and then calls one method
// of `optiviz_terrain(m)`, the view object kept on the `runs` source. The view follows the
// player by listening to its scrubber, whose value the player sets on every frame it draws:
// the 3-D view draws the same frame, in the browser, with no server traffic. vtk.js is
// loaded from `m.library` the first time the view is shown (an exported page inlines it).
//
// m: {host: Div, surface, contours, axes, camera, look: source, paths: source,
//     timeline: source, scrubber: Slider, presets: {name: [azimuth, elevation, distance]},
//     initial: name, library: url or null}
// Coordinates are box units (see display/camera.py). surface.data holds the terrain's
// heights c (0-65535 for the box's floor to its top) at the samples x, y, the plot's
// bounds, and the height scale (kind, low, high: display/heights.py). The runs are the 2-D
// plot's `paths` (xs, ys, steps: the trail; fx, fy, fl: position and loss at every frame;
// color, label), in data units: the ball stands on its loss's height, on the same scale as
// the terrain, and the trail follows the terrain.

function optiviz_terrain(m) {
  if (m.surface._optiviz_terrain != null) {
    return m.surface._optiviz_terrain
  }
  const t = {ready: false, frame: null, step: null, renders: 0, pending: false, runs: []}
  t.dirty = {}
  m.surface._optiviz_terrain = t
  const ROTATE = 10  // degrees per arrow key
  const ZOOM = 1.15  // distance factor per + or - key
  const BOX_HEIGHT = m.look.data.box_height[0]
  const LEVELS = 65535  // heights arrive as whole numbers from 0 to LEVELS

  const height = (q) => (q / LEVELS) * BOX_HEIGHT

  // The height (box units) of a loss, on the terrain's scale (Heights.__call__ in
  // display/heights.py): NaN and +inf at the top.
  function loss_height(loss) {
    const d = m.surface.data
    const low = d.low[0]
    const high = d.high[0]
    let h
    if (d.kind[0] === "log") {
      const floor = Math.log10(low)
      h = (Math.log10(Math.max(loss, 0) + low) - floor) / (Math.log10(high + low) - floor)
    } else {
      h = (loss / 2 - low / 2) / (high / 2 - low / 2)
    }
    if (Number.isNaN(h) || h === Infinity) {
      h = loss === -Infinity ? 0 : 1
    }
    return Math.min(1, Math.max(0, h)) * BOX_HEIGHT
  }

  // The terrain's height (box units) at box point (x, y): bilinear between its samples.
  function terrain_height(x, y) {
    const d = m.surface.data
    const xs = d.x[0]
    const ys = d.y[0]
    const c = t.heights
    const nx = xs.length
    const i = Math.min(Math.max(((x - xs[0]) / (xs[nx - 1] - xs[0])) * (nx - 1), 0), nx - 1)
    const ny = ys.length
    const j = Math.min(Math.max(((y - ys[0]) / (ys[ny - 1] - ys[0])) * (ny - 1), 0), ny - 1)
    const i0 = Math.min(Math.floor(i), nx - 2)
    const j0 = Math.min(Math.floor(j), ny - 2)
    const u = i - i0
    const v = j - j0
    const at = (a, b) => c[(j0 + b) * nx + i0 + a]
    const below = (1 - u) * at(0, 0) + u * at(1, 0)
    const above = (1 - u) * at(0, 1) + u * at(1, 1)
    return height((1 - v) * below + v * above)
  }
  // Data coordinates to box units: the plot's bounds to [-1, 1] (a run off the plot stays
  // on its rim, as in display/terrain.py).
  const to_box = (v, low, high) => Math.min(1, Math.max(-1, ((v - low) / (high - low)) * 2 - 1))
  const box_x = (v) => to_box(v, m.surface.data.bounds[0][0], m.surface.data.bounds[0][1])
  const box_y = (v) => to_box(v, m.surface.data.bounds[0][2], m.surface.data.bounds[0][3])

  function load_library() {
    if (window.vtk != null) {
      return Promise.resolve()
    }
    if (window._optiviz_vtk == null) {
      window._optiviz_vtk = new Promise((resolve, reject) => {
        const script = document.createElement("script")
        script.src = new URL(m.library, document.baseURI).href
        script.onload = () => resolve()
        script.onerror = () => reject(new Error(`cannot load ${m.library}`))
        document.head.appendChild(script)
      })
    }
    return window._optiviz_vtk
  }

  function host_view() {
    return new Promise((resolve) => {
      const look = (tries) => {
        const view = Bokeh.index.find_one(m.host)
        if (view != null && view.shadow_el != null) {
          resolve(view)
        } else if (tries > 0) {
          setTimeout(() => look(tries - 1), 50)
        }
      }
      look(200)
    })
  }

  const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)

  // Camera ---------------------------------------------------------------------------------

  function focal() {
    return [0, 0, BOX_HEIGHT / 2]
  }

  t.set_camera = function ([azimuth, elevation, distance]) {
    if (!t.ready) {
      return
    }
    const az = (azimuth * Math.PI) / 180
    const el = (elevation * Math.PI) / 180
    const f = focal()
    const camera = t.renderer.getActiveCamera()
    camera.setFocalPoint(...f)
    camera.setPosition(
      f[0] + distance * Math.cos(el) * Math.cos(az),
      f[1] + distance * Math.cos(el) * Math.sin(az),
      f[2] + distance * Math.sin(el),
    )
    camera.setViewUp(-Math.sin(el) * Math.cos(az), -Math.sin(el) * Math.sin(az), Math.cos(el))
    t.renderer.resetCameraClippingRange()
    t.request()
  }

  // The camera now, as [azimuth, elevation, distance] (degrees, degrees, box units).
  t.get_camera = function () {
    const camera = t.renderer.getActiveCamera()
    const p = camera.getPosition()
    const f = camera.getFocalPoint()
    const d = [p[0] - f[0], p[1] - f[1], p[2] - f[2]]
    const distance = Math.hypot(...d)
    const elevation = (Math.asin(Math.max(-1, Math.min(1, d[2] / distance))) * 180) / Math.PI
    let azimuth = (Math.atan2(d[1], d[0]) * 180) / Math.PI
    if (Math.abs(elevation) > 89.9) {
      const up = camera.getViewUp()
      azimuth = (Math.atan2(-up[1], -up[0]) * 180) / Math.PI
    }
    const round = (v, digits) => Number(v.toFixed(digits))
    return [round(azimuth, 1), round(elevation, 1), round(distance, 2)]
  }

  // Tells the server where the camera is (for the page's URL), once it has settled.
  function report_camera() {
    clearTimeout(t.report_handle)
    t.report_handle = setTimeout(() => {
      const [azimuth, elevation, distance] = t.get_camera()
      const d = m.camera.data
      if (d.azimuth[0] !== azimuth || d.elevation[0] !== elevation || d.distance[0] !== distance) {
        t.own_camera = true
        m.camera.data = {azimuth: [azimuth], elevation: [elevation], distance: [distance]}
        t.own_camera = false
      }
    }, 250)
  }

  t.preset = function (name) {
    t.set_camera(m.presets[name])
    report_camera()
  }

  t.camera_changed = function () {
    if (!t.own_camera) {
      const d = m.camera.data
      t.set_camera([d.azimuth[0], d.elevation[0], d.distance[0]])
    }
  }

  // Keyboard, on the focused view: arrows turn, + and - zoom, 0 resets. Handled keys stop
  // here, so the player (which listens on the document) does not step; space still plays.
  function key(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return
    }
    let [azimuth, elevation, distance] = t.get_camera()
    const turns = {
      ArrowLeft: () => (azimuth -= ROTATE),
      ArrowRight: () => (azimuth += ROTATE),
      ArrowUp: () => (elevation = Math.min(90, elevation + ROTATE)),
      ArrowDown: () => (elevation = Math.max(-90, elevation - ROTATE)),
      "+": () => (distance = Math.max(m.look.data.near[0], distance / ZOOM)),
      "=": () => (distance = Math.max(m.look.data.near[0], distance / ZOOM)),
      "-": () => (distance = Math.min(m.look.data.far[0], distance * ZOOM)),
      0: () => ([azimuth, elevation, distance] = m.presets[m.initial]),
      Home: () => ([azimuth, elevation, distance] = m.presets[m.initial]),
    }
    const turn = turns[event.key]
    if (turn == null) {
      return
    }
    event.preventDefault()
    event.stopPropagation()
    turn()
    t.set_camera([azimuth, elevation, distance])
    report_camera()
  }

  // Building ---------------------------------------------------------------------------------

  // The view's label for screen readers: what it shows and how to turn it (set by the server).
  function describe() {
    t.container.setAttribute("aria-label", m.host.tags[0] ?? "3-D view")
  }

  function build(view) {
    const vtk = window.vtk
    const container = document.createElement("div")
    t.container = container
    container.className = "ov-terrain-canvas"
    container.tabIndex = 0
    container.setAttribute("role", "application")
    container.setAttribute("aria-roledescription", "3-D view")
    describe()
    container.style.cssText =
      "position:absolute;inset:0;overflow:hidden;outline-offset:-3px;touch-action:none"
    const labels = document.createElement("div")
    labels.setAttribute("aria-hidden", "true")
    labels.style.cssText = "position:absolute;inset:0;pointer-events:none;font:12px sans-serif"
    t.labels = labels
    t.view = view
    view.shadow_el.appendChild(container)

    const window_ = vtk.Rendering.Misc.vtkGenericRenderWindow.newInstance({
      background: rgb(m.look.data.paper[0]),
      listenWindowResize: false,
    })
    window_.setContainer(container)
    container.appendChild(labels)
    t.window = window_
    t.renderer = window_.getRenderer()
    t.render_window = window_.getRenderWindow()
    t.canvas = container.querySelector("canvas")

    const light = vtk.Rendering.Core.vtkLight.newInstance()
    light.setLightTypeToSceneLight()
    light.setPositional(false)
    light.setPosition(-1, -2, 3)
    light.setFocalPoint(0, 0, 0)
    light.setIntensity(0.9)
    const fill = vtk.Rendering.Core.vtkLight.newInstance()
    fill.setLightTypeToHeadLight()
    fill.setIntensity(0.35)
    t.renderer.setAutomaticLightCreation(false)
    t.renderer.addLight(light)
    t.renderer.addLight(fill)

    const manipulators = vtk.Interaction.Manipulators
    const style = vtk.Interaction.Style.vtkInteractorStyleManipulator.newInstance()
    style.addMouseManipulator(
      manipulators.vtkMouseCameraTrackballRotateManipulator.newInstance({
        button: 1,
        useWorldUpVec: true,
        worldUpVec: [0, 0, 1],
        useFocalPointAsCenterOfRotation: true,
      }),
    )
    style.addMouseManipulator(
      manipulators.vtkMouseCameraTrackballZoomManipulator.newInstance({button: 3}),
    )
    style.addMouseManipulator(
      manipulators.vtkMouseCameraTrackballZoomManipulator.newInstance({
        scrollEnabled: true,
        dragEnabled: false,
      }),
    )
    style.addGestureManipulator(manipulators.vtkGestureCameraManipulator.newInstance())
    const interactor = window_.getInteractor()
    interactor.setInteractorStyle(style)
    style.onEndInteractionEvent(() => {
      clamp_distance()
      report_camera()
    })
    container.addEventListener("keydown", key)

    t.terrain = surface_actor(vtk)
    t.contours = line_actor(vtk, [0.2, 0.25, 0.3], 0.35, 1)
    t.frame_lines = line_actor(vtk, [0.45, 0.5, 0.56], 0.6, 1)
    for (const actor of [t.terrain.actor, t.contours.actor, t.frame_lines.actor]) {
      t.renderer.addActor(actor)
    }
    box_lines()
    t.renderer.getActiveCamera().onModified(() => t.place_labels())
    new ResizeObserver(() => {
      if (container.clientWidth > 0 && container.clientHeight > 0) {
        window_.resize()
        t.request()
      }
    }).observe(container)
    t.ready = true
    window.optiviz_terrain = t
    window_.resize()
    show_surface()
    show_runs()
    t.camera_changed()
  }

  // The view's element goes into the host Div's shadow root, and into the new one when the
  // view was hidden and shown again (the canvas, and its WebGL context, move with it).
  // Returns whether the view is on the page: a hidden view does not render.
  function attach() {
    if (t.container.isConnected && t.container.parentNode === t.view.shadow_el) {
      return true
    }
    const view = Bokeh.index.find_one(m.host)
    if (view == null || view.shadow_el == null || !view.el.isConnected) {
      return false
    }
    t.view = view
    view.shadow_el.appendChild(t.container)
    t.window.resize()
    return true
  }

  function clamp_distance() {
    const [azimuth, elevation, distance] = t.get_camera()
    const near = m.look.data.near[0]
    const far = m.look.data.far[0]
    if (distance < near || distance > far) {
      t.set_camera([azimuth, elevation, Math.min(far, Math.max(near, distance))])
    }
  }

  function surface_actor(vtk) {
    const data = vtk.Common.DataModel.vtkPolyData.newInstance()
    const normals = vtk.Filters.Core.vtkPolyDataNormals.newInstance()
    normals.setInputData(data)
    const lut = vtk.Rendering.Core.vtkColorTransferFunction.newInstance()
    const palette = m.look.data.palette[0]
    palette.forEach((color, i) => lut.addRGBPoint(i / (palette.length - 1), ...rgb(color)))
    const mapper = vtk.Rendering.Core.vtkMapper.newInstance({
      lookupTable: lut,
      scalarRange: [0, 1],
      interpolateScalarsBeforeMapping: true,
    })
    mapper.setInputConnection(normals.getOutputPort())
    mapper.setResolveCoincidentTopologyToPolygonOffset()
    mapper.setResolveCoincidentTopologyPolygonOffsetParameters(1, 1)
    const actor = vtk.Rendering.Core.vtkActor.newInstance()
    actor.setMapper(mapper)
    const property = actor.getProperty()
    property.setAmbient(0.3)
    property.setDiffuse(0.75)
    property.setSpecular(0.12)
    property.setSpecularPower(20)
    return {data, normals, actor}
  }

  function line_actor(vtk, color, opacity, width) {
    const data = vtk.Common.DataModel.vtkPolyData.newInstance()
    const mapper = vtk.Rendering.Core.vtkMapper.newInstance()
    mapper.setInputData(data)
    const actor = vtk.Rendering.Core.vtkActor.newInstance()
    actor.setMapper(mapper)
    const property = actor.getProperty()
    property.setColor(...color)
    property.setOpacity(opacity)
    property.setLineWidth(width)
    property.setLighting(false)
    return {data, actor}
  }

  // The box's twelve edges, thin, so the terrain's extent and the axes read.
  function box_lines() {
    const z = BOX_HEIGHT
    const corners = []
    for (const h of [0, z]) {
      corners.push([-1, -1, h], [1, -1, h], [1, 1, h], [-1, 1, h])
    }
    const edges = [[0, 1], [1, 2], [2, 3], [3, 0], [4, 5], [5, 6], [6, 7], [7, 4],
      [0, 4], [1, 5], [2, 6], [3, 7]]
    const cells = new Uint32Array(edges.length * 3)
    edges.forEach(([a, b], i) => cells.set([2, a, b], 3 * i))
    t.frame_lines.data.getPoints().setData(Float32Array.from(corners.flat()), 3)
    t.frame_lines.data.getLines().setData(cells)
    t.frame_lines.data.modified()
  }

  // The terrain's heights as LEVELS, from their rows' steps (each row: its first level,
  // then the step to the next, modulo 2^16; see terrain_plot.py).
  function rows(steps) {
    const [ny, nx] = steps.shape
    const values = new Uint16Array(nx * ny)
    for (let j = 0; j < ny; j++) {
      let level = 0
      for (let i = 0; i < nx; i++) {
        level = (level + steps[j * nx + i]) & 0xffff
        values[j * nx + i] = level
      }
    }
    return {values, ny, nx}
  }

  function show_surface() {
    const vtk = window.vtk
    const d = m.surface.data
    const x = d.x[0]
    const y = d.y[0]
    const c = rows(d.c[0])
    const nx = c.nx
    const ny = c.ny
    t.heights = c.values
    const points = new Float32Array(nx * ny * 3)
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const k = j * nx + i
        points[3 * k] = x[i]
        points[3 * k + 1] = y[j]
        points[3 * k + 2] = height(c.values[k])
      }
    }
    const polys = new Uint32Array((nx - 1) * (ny - 1) * 5)
    let n = 0
    for (let j = 0; j < ny - 1; j++) {
      for (let i = 0; i < nx - 1; i++) {
        const k = j * nx + i
        polys.set([4, k, k + 1, k + nx + 1, k + nx], n)
        n += 5
      }
    }
    const surface = t.terrain.data
    surface.getPoints().setData(points, 3)
    surface.getPolys().setData(polys)
    const scalars = vtk.Common.Core.vtkDataArray.newInstance({
      name: "height",
      values: Float32Array.from(c.values, (q) => q / LEVELS),
      numberOfComponents: 1,
    })
    surface.getPointData().setScalars(scalars)
    surface.modified()

    // contour lines: points as LEVELS across the box, one after another, and each
    // line's length
    const lines = m.contours.data
    const cx = lines.x[0]
    const cy = lines.y[0]
    const cz = lines.z[0]
    const across = (q) => (q / LEVELS) * 2 - 1
    const line_points = new Float32Array(cx.length * 3)
    for (let i = 0; i < cx.length; i++) {
      line_points.set([across(cx[i]), across(cy[i]), height(cz[i]) + m.look.data.lift[0]], 3 * i)
    }
    const cells = []
    let start = 0
    for (const length of lines.lengths[0]) {
      cells.push(length)
      for (let k = start; k < start + length; k++) {
        cells.push(k)
      }
      start += length
    }
    t.contours.data.getPoints().setData(line_points, 3)
    t.contours.data.getLines().setData(Uint32Array.from(cells))
    t.contours.data.modified()
    make_labels()
    t.request()
  }

  function show_runs() {
    const vtk = window.vtk
    for (const run of t.runs) {
      t.renderer.removeActor(run.trail.actor)
      t.renderer.removeActor(run.ball)
    }
    const d = m.paths.data
    const look = m.look.data
    t.runs = d.xs.map((xs, i) => {
      const color = rgb(d.color[i])
      const trail = line_actor(vtk, color, 1, look.line[0])
      const n = xs.length
      const points = new Float32Array((n + 1) * 3)
      for (let k = 0; k < n; k++) {
        const x = box_x(xs[k])
        const y = box_y(d.ys[i][k])
        points.set([x, y, terrain_height(x, y) + look.lift[0]], 3 * k)
      }
      trail.data.getPoints().setData(points, 3)
      const sphere = vtk.Filters.Sources.vtkSphereSource.newInstance({
        radius: look.ball[0],
        thetaResolution: 24,
        phiResolution: 16,
      })
      const mapper = vtk.Rendering.Core.vtkMapper.newInstance()
      mapper.setInputConnection(sphere.getOutputPort())
      const ball = vtk.Rendering.Core.vtkActor.newInstance()
      ball.setMapper(mapper)
      const property = ball.getProperty()
      property.setColor(...color)
      property.setAmbient(0.35)
      property.setDiffuse(0.7)
      property.setSpecular(0.5)
      property.setSpecularPower(30)
      t.renderer.addActor(trail.actor)
      t.renderer.addActor(ball)
      return {trail, ball, points, n}
    })
    make_legend()
    t.draw()
  }

  // The runs' colours and names, in the view's corner (the 2-D plot's legend, when the
  // terrain is shown instead of it).
  function make_legend() {
    t.legend?.remove()
    const d = m.paths.data
    const legend = document.createElement("div")
    legend.setAttribute("aria-hidden", "true")
    legend.style.cssText = "position:absolute;top:8px;right:8px;padding:4px 8px;" +
      `background:rgba(255,255,255,.85);font:${m.look.data.font[0]} sans-serif;color:#1f2933`
    d.label.forEach((text, i) => {
      const row = document.createElement("div")
      const swatch = document.createElement("span")
      swatch.style.cssText = "display:inline-block;width:.8em;height:.8em;border-radius:50%;" +
        `margin-right:.4em;vertical-align:-.05em;background:${d.color[i]}`
      row.append(swatch, text)
      legend.appendChild(row)
    })
    t.legend = legend
    t.container.appendChild(legend)
  }

  // Axis labels: HTML over the canvas, placed where the box's edges are on the screen.
  function make_labels() {
    t.labels.replaceChildren()
    const d = m.axes.data
    const font = m.look.data.font[0]
    t.label_items = []
    for (let axis = 0; axis < 3; axis++) {
      const ticks = Array.from(d.ticks[axis])
      ticks.forEach((at, k) => {
        t.label_items.push({axis, at, el: label(d.labels[axis][k], font, "#3e4c59")})
      })
      t.label_items.push({axis, at: null, el: label(d.title[axis], font, "#1f2933", true)})
    }
    t.place_labels()
  }

  function label(text, font, color, bold = false) {
    const el = document.createElement("span")
    el.textContent = text
    el.style.cssText = `position:absolute;white-space:nowrap;font-size:${font};color:${color};` +
      `transform:translate(-50%,-50%);${bold ? "font-weight:600;" : ""}`
    t.labels.appendChild(el)
    return el
  }

  t.place_labels = function () {
    if (!t.ready || t.label_items == null) {
      return
    }
    const camera = t.renderer.getActiveCamera().getPosition()
    const width = t.container.clientWidth
    const height = t.container.clientHeight
    if (width === 0 || height === 0) {
      return
    }
    // the floor edges nearest the camera carry w1's and w2's ticks
    const ey = camera[1] < 0 ? -1 : 1
    const ex = camera[0] < 0 ? -1 : 1
    // the vertical edge furthest left on the screen carries L's
    const screen = (p) => {
      const v = t.renderer.worldToNormalizedDisplay(p[0], p[1], p[2], width / height)
      return [v[0] * width, (1 - v[1]) * height]
    }
    const corners = [[-1, -1], [1, -1], [1, 1], [-1, 1]]
    const [cx, cy] = corners.reduce((a, b) =>
      (screen([...a, 0])[0] <= screen([...b, 0])[0] ? a : b))
    const out = 1.12
    const middle = {0: 0, 1: 0, 2: BOX_HEIGHT / 2}
    for (const item of t.label_items) {
      const at = item.at ?? middle[item.axis]
      const far = item.at == null ? 1.3 : out
      const point = item.axis === 0 ? [at, ey * far, 0]
        : item.axis === 1 ? [ex * far, at, 0]
        : [cx * (item.at == null ? 1.25 : 1.1), cy * (item.at == null ? 1.25 : 1.1), at]
      const [left, top] = screen(point)
      item.el.style.left = `${left}px`
      item.el.style.top = `${top}px`
    }
  }

  // Drawing ----------------------------------------------------------------------------------

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

  // Sets the balls and trails to the player's frame (the scrubber's value).
  t.draw = function () {
    if (!t.ready) {
      return
    }
    const steps = m.timeline.data.step
    const f = Math.min(Math.max(Math.round(m.scrubber.value), 0), steps.length - 1)
    const step = steps[f]
    const d = m.paths.data
    t.runs.forEach((run, i) => {
      const fx = box_x(d.fx[i][f])
      const fy = box_y(d.fy[i][f])
      const fz = loss_height(d.fl[i][f])
      run.ball.setPosition(fx, fy, fz + m.look.data.ball[0])
      const n = upto(d.steps[i], step)
      run.points.set([fx, fy, fz + m.look.data.lift[0]], 3 * run.n)
      const cells = new Uint32Array(n + 2)
      cells[0] = n + 1
      for (let k = 0; k < n; k++) {
        cells[k + 1] = k
      }
      cells[n + 1] = run.n
      run.trail.data.getPoints().modified()
      run.trail.data.getLines().setData(cells)
      run.trail.data.modified()
    })
    t.frame = f
    t.step = step
    t.request()
  }

  // One render for a burst of changes (a server message, the player's frame), in the same
  // task, so a frame the player draws is drawn here in the same animation frame.
  t.request = function () {
    if (t.pending || !t.ready) {
      return
    }
    t.pending = true
    queueMicrotask(() => {
      t.pending = false
      if (!attach()) {
        return
      }
      t.render_window.render()
      t.renders += 1
      t.place_labels()
    })
  }

  // Where each ball is, in box units (for tests and the text view).
  t.balls = function () {
    return t.runs.map((run) => Array.from(run.ball.getPosition()))
  }

  // New terrain or runs from the server (a new scene, another height scale).
  // New data from the server or the page's sliders: the terrain (`what` = "surface") or the
  // runs. A message may change several sources; the microtask runs once all are in.
  t.changed = function (what) {
    if (!t.ready) {
      return
    }
    t.dirty[what] = true
    if (t.refreshing) {
      return
    }
    t.refreshing = true
    queueMicrotask(() => {
      t.refreshing = false
      if (t.dirty.surface) {
        describe()
        show_surface()
      }
      t.dirty = {}
      show_runs()
    })
  }

  t.style_changed = function () {
    if (t.ready) {
      make_labels()
      show_runs()
    }
  }

  // The view is on the page again (it was hidden): once Bokeh has built the host's new
  // element, the canvas moves there and draws.
  function show_again(tries) {
    if (attach()) {
      t.draw()
    } else if (tries > 0) {
      setTimeout(() => show_again(tries - 1), 50)
    }
  }

  // Frees the view's WebGL context and listeners (a new view replaced it).
  t.dispose = function () {
    if (t.ready) {
      t.ready = false
      t.window.delete()
      t.container.remove()
    }
  }

  // Builds the view once its element is on the page (loading vtk.js first if needed).
  t.install = function () {
    if (t.installing != null) {
      t.installing.then(() => show_again(100))
      return t.installing
    }
    if (window.optiviz_terrain != null && window.optiviz_terrain !== t) {
      window.optiviz_terrain.dispose()
    }
    t.installing = Promise.all([load_library(), host_view()]).then(([, view]) => build(view))
    t.installing.catch((error) => console.error("optiviz 3-D view:", error))
    return t.installing
  }

  return t
}
