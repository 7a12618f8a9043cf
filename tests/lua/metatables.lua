-- metatables.lua: metamethods and inheritance.

local V = {}
V.__index = V
local function vec(x, y) return setmetatable({ x = x, y = y }, V) end
V.__add = function(a, b) return vec(a.x + b.x, a.y + b.y) end
V.__sub = function(a, b) return vec(a.x - b.x, a.y - b.y) end
V.__mul = function(a, b)
  if type(a) == "number" then return vec(a * b.x, a * b.y) end
  if type(b) == "number" then return vec(a.x * b, a.y * b) end
  return a.x * b.x + a.y * b.y
end
V.__unm = function(a) return vec(-a.x, -a.y) end
V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
V.__lt = function(a, b) return a:len2() < b:len2() end
V.__le = function(a, b) return a:len2() <= b:len2() end
V.__len = function(a) return 2 end
V.__tostring = function(a) return "(" .. a.x .. ", " .. a.y .. ")" end
V.__concat = function(a, b) return tostring(a) .. tostring(b) end
V.__call = function(self, k) return self[k] end
V.__name = "vec"
function V:len2() return self.x * self.x + self.y * self.y end

local a, b = vec(1, 2), vec(3, 4)
print("add/sub", tostring(a + b), tostring(b - a), tostring(-a))
print("mul", tostring(a * 2), tostring(3 * b), a * b)
print("eq", a == vec(1, 2), a ~= b, rawequal(a, vec(1, 2)))
print("lt/le", a < b, b < a, a <= vec(2, 1), b >= a)
print("len/call/concat", #a, a("y"), a .. b, "v=" .. a)
print("method", a:len2(), b:len2())
print("tostring via print", a)

-- __index as a function and as a table chain; __newindex
local Base = { greet = function(self) return "hello from " .. self.name end, kind = "base" }
Base.__index = Base
local Derived = setmetatable({ kind = "derived" }, Base)
Derived.__index = Derived
local obj = setmetatable({ name = "obj" }, Derived)
print("inherit", obj:greet(), obj.kind, rawget(obj, "kind"))

local defaults = setmetatable({}, { __index = function(t, k) return k .. "?" end })
print("index fn", defaults.foo, defaults[1], rawget(defaults, "foo"))

local log = {}
local proxy = setmetatable({}, {
  __index = function(_, k) return "get:" .. k end,
  __newindex = function(t, k, v) log[#log + 1] = k .. "=" .. tostring(v); rawset(t, k, v) end,
})
proxy.a = 1
proxy.a = 2
proxy.b = 3
print("newindex", table.concat(log, " "), proxy.a, proxy.c)

-- read-only table, protected metatable
local ro = setmetatable({}, {
  __index = { x = 1 },
  __newindex = function() error("read-only", 2) end,
  __metatable = "locked",
})
print("readonly", ro.x, pcall(function() ro.y = 2 end))
print("metatable", getmetatable(ro), pcall(setmetatable, ro, {}))
print("string metatable", getmetatable("").__index == string, ("x"):rep(2))

-- arithmetic fallbacks on mixed types
local M = setmetatable({}, {
  __add = function(x, y) return "add" end,
  __idiv = function() return "idiv" end,
  __mod = function() return "mod" end,
  __pow = function() return "pow" end,
  __band = function() return "band" end,
  __shl = function() return "shl" end,
  __bnot = function() return "bnot" end,
})
print("fallbacks", M + 1, 1 + M, M // 2, M % 2, M ^ 2, M & 1, M << 1, ~M)

-- __close and __pairs
do
  local order = {}
  do
    local x <close> = setmetatable({}, { __close = function() order[#order + 1] = "x" end })
    local y <close> = setmetatable({}, { __close = function() order[#order + 1] = "y" end })
    order[#order + 1] = "body"
  end
  print("close order", table.concat(order, " "))
end
local P = setmetatable({}, { __pairs = function(t)
  local i = 0
  return function() i = i + 1; if i <= 3 then return i, i * i end end, t, nil
end })
local ps = {}
for k, v in pairs(P) do ps[#ps + 1] = k .. ":" .. v end
print("pairs", table.concat(ps, " "))

-- class-like pattern with constructor and tostring
local Account = {}
Account.__index = Account
Account.__tostring = function(s) return "Account(" .. s.balance .. ")" end
function Account.new(b) return setmetatable({ balance = b }, Account) end
function Account:deposit(v) self.balance = self.balance + v; return self end
print("class", tostring(Account.new(100):deposit(50):deposit(25)))
print("metatables: done")
