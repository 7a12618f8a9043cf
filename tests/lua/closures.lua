-- closures.lua: closures, upvalues and their sharing.

local function counter(start)
  local n = start or 0
  return function() n = n + 1; return n end, function() return n end
end
local inc, get = counter(10)
inc(); inc()
local inc2 = counter()
print("counters", get(), inc(), inc2(), inc2(), get())

-- each loop iteration gets a fresh local
local fns = {}
for i = 1, 3 do fns[i] = function() return i * 10 end end
print("loop closures", fns[1](), fns[2](), fns[3]())
local ws = {}
local j = 0
while j < 3 do
  j = j + 1
  local k = j
  ws[j] = function() return k + j end
end
print("while closures", ws[1](), ws[2](), ws[3]())

-- shared upvalue between closures created together
local function pair()
  local v = 0
  return function(x) v = v + x end, function() return v end
end
local add, read = pair()
add(5); add(7)
print("shared", read())

-- recursion through a local upvalue
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print("fib", fib(20))
local memo = {}
local function mfib(n)
  if n < 2 then return n end
  if not memo[n] then memo[n] = mfib(n - 1) + mfib(n - 2) end
  return memo[n]
end
print("memo fib", mfib(80))

-- higher-order helpers
local function map(t, f) local r = {} for i, v in ipairs(t) do r[i] = f(v) end return r end
local function compose(f, g) return function(...) return f(g(...)) end end
local function curry(f, a) return function(...) return f(a, ...) end end
local sq = function(x) return x * x end
print("map", table.concat(map({ 1, 2, 3, 4 }, sq), " "))
print("compose", compose(sq, function(a, b) return a + b end)(2, 3))
print("curry", curry(math.max, 7)(3, 9, 1))

-- debug view of upvalues (names only, never values' addresses)
local a1, b1 = 1, 2
local function uses() return a1 + b1 end
local names = {}
for idx = 1, 10 do
  local name = debug.getupvalue(uses, idx)
  if not name then break end
  names[#names + 1] = name
end
print("upvalue names", table.concat(names, ","))
debug.setupvalue(uses, 1, 100)
print("after setupvalue", uses(), a1)

-- closures over parameters and varargs
local function adder(...)
  local args = { ... }
  return function(x)
    local s = x
    for _, v in ipairs(args) do s = s + v end
    return s
  end
end
print("vararg closure", adder(1, 2, 3)(10), adder()(10))
print("closures: done")
