-- misc.lua: goto, varargs, select, multiple assignment, scoping.

-- goto as continue
local odds = {}
for i = 1, 10 do
  if i % 2 == 0 then goto continue end
  odds[#odds + 1] = i
  ::continue::
end
print("continue", table.concat(odds, " "))

-- goto out of nested loops
local found
for i = 1, 5 do
  for j = 1, 5 do
    if i * j == 12 then found = i .. "x" .. j; goto done end
  end
end
::done::
print("nested break", found)

-- backward goto as a loop
local n, steps = 27, 0
::again::
if n ~= 1 then
  n = (n % 2 == 0) and n // 2 or 3 * n + 1
  steps = steps + 1
  goto again
end
print("collatz 27", steps)

-- varargs and select
local function count(...) return select("#", ...) end
print("count", count(), count(nil), count(1, nil), count(nil, nil, nil))
local function tail(...) return select(2, ...) end
print("select", tail(1, 2, 3), select(-1, "a", "b", "c"), select(-2, "a", "b", "c"))
print(pcall(select, 0, 1))
local function pack2(...) return { n = select("#", ...), ... } end
local p = pack2(1, nil, 3)
print("pack2", p.n, p[1], p[2], p[3])
local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...) or 0) end
  return s
end
print("sum", sum(1, 2, 3, nil, 4))
local function passthrough(...) return ... end
print("passthrough", passthrough(1, 2, 3), (passthrough(1, 2, 3)))
print("in table", #{ passthrough(1, 2, 3) }, #{ passthrough(1, 2, 3), 10 })
local function fixed(a, b, ...) return a, b, select("#", ...) end
print("fixed", fixed(1), fixed(1, 2, 3, 4))
print("table.pack n", table.pack().n, table.pack(nil).n)

-- multiple assignment and swaps
local x, y, z = 1, 2
print("assign", x, y, z)
x, y = y, x
print("swap", x, y)
local t = { 1, 2 }
local i = 1
i, t[i] = i + 1, 20
print("eval order", i, t[1], t[2])

-- scoping and shadowing
local s = "outer"
do local s = "inner"; print("inner", s) end
print("outer", s)
local function shadow(s) return s end
print("param shadow", shadow("arg"), s)

-- integer/string keys are distinct, float keys normalise
local keys = {}
keys[1] = "int"; keys["1"] = "str"; keys[2.0] = "float two"
print("keys", keys[1], keys["1"], keys[2], keys[1.0])

-- long strings, escapes, and comments
local long = [[
line1
line2]]
print("long", #long, long:gsub("\n", "|"))
print("escapes", "tab\tend", "\65\066\x43", "\u{48}\u{49}", "a\z
       b")
--[==[ a long
comment ]==]
print("_VERSION", _VERSION)
print("misc: done")
