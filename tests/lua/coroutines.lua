-- coroutines.lua: create/resume/yield, status, wrap, generators, close.

local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  print("got", d, e)
  return "finished", a + b + c
end)
print("status", coroutine.status(co))
print("resume1", coroutine.resume(co, 1, 2))
print("status", coroutine.status(co))
print("resume2", coroutine.resume(co, 10))
print("resume3", coroutine.resume(co, "x", "y"))
print("status", coroutine.status(co))
print("resume dead", coroutine.resume(co))

-- generators with wrap
local function range(n, step)
  return coroutine.wrap(function()
    for i = 1, n, step or 1 do coroutine.yield(i) end
  end)
end
local acc = {}
for i in range(10, 3) do acc[#acc + 1] = i end
print("range", table.concat(acc, " "))

local function permgen(a, n)
  n = n or #a
  if n <= 1 then
    coroutine.yield(a)
  else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
local perms = {}
for p in coroutine.wrap(function() permgen({ "a", "b", "c" }) end) do
  perms[#perms + 1] = table.concat(p)
end
print("permutations", #perms, table.concat(perms, " "))

-- producer/consumer pipeline
local function producer()
  return coroutine.wrap(function()
    for _, w in ipairs({ "alpha", "beta", "gamma" }) do coroutine.yield(w) end
  end)
end
local function filter(src)
  return coroutine.wrap(function()
    for w in src do coroutine.yield(w:upper()) end
  end)
end
local out = {}
for w in filter(producer()) do out[#out + 1] = w end
print("pipeline", table.concat(out, ","))

-- status from inside, running, isyieldable
local inner
inner = coroutine.create(function()
  print("inside status", coroutine.status(inner), coroutine.isyieldable())
  local _, ismain = coroutine.running()
  print("inside main?", ismain)
end)
coroutine.resume(inner)
local _, ismain = coroutine.running()
print("main?", ismain, coroutine.isyieldable())

-- a coroutine resuming another: "normal" status
local outer
outer = coroutine.create(function()
  local sub = coroutine.create(function() return coroutine.status(outer) end)
  return select(2, coroutine.resume(sub))
end)
print("normal", select(2, coroutine.resume(outer)))

-- errors inside coroutines
local bad = coroutine.create(function() error("oops") end)
print("error", coroutine.resume(bad))
print("status after error", coroutine.status(bad))
local w = coroutine.wrap(function() error({ code = 7 }) end)
local ok, e = pcall(w)
print("wrap error", ok, type(e), e.code)
print("resume non-coroutine", pcall(coroutine.resume, 42))

-- close a suspended coroutine, running its to-be-closed variables
local cl = coroutine.create(function()
  local res <close> = setmetatable({}, { __close = function() print("closed res") end })
  coroutine.yield(1)
end)
coroutine.resume(cl)
print("close", coroutine.close(cl), coroutine.status(cl))

-- yield across pcall
local yp = coroutine.wrap(function()
  local ok2, v = pcall(function() return coroutine.yield("from pcall") + 1 end)
  return ok2, v
end)
print("yield in pcall", yp())
print("resume after", yp(41))
print("coroutines: done")
