-- errors.lua: error, pcall, xpcall and error messages.

print("pcall ok", pcall(function(a, b) return a + b, a * b end, 3, 4))
print("pcall string", pcall(error, "plain message"))
print("pcall level 0", pcall(error, "no position", 0))
print("pcall located", pcall(function() error("with position") end))
local function callee() error("blame the caller", 2) end
local function caller() callee() end
print("level 2", pcall(caller))
print("pcall nil error", pcall(error))
print("pcall non-string", select("#", pcall(error, 42)), pcall(error, 42))
local ok, e = pcall(error, { code = 404, msg = "not found" })
print("table error", ok, type(e), e.code, e.msg)

-- runtime errors the VM raises
local function try(f, ...) local r = { pcall(f, ...) } return table.unpack(r, 1, 2) end
print(try(function() local x; return x.field end))
print(try(function() return undefinedglobal.field end))
print(try(function() local t = {} return t.a.b end))
print(try(function() return #nil end))
print(try(function() return {} < {} end))
print(try(function() return 1 < "2" end))
print(try(function() return ("x") .. {} end))
print(try(function() local f = 5; f() end))
print(try(function() return math.floor("a") end))
print(try(string.rep))
print(try(setmetatable, 1, {}))
print(try(function() return 2 ^ {} end))
print(try(function() for i = 1, 10, 0 do end end))

-- xpcall with a message handler
local function handler(msg) return "handled: " .. tostring(msg) end
print("xpcall", xpcall(function() error("deep") end, handler))
print("xpcall ok", xpcall(function(a) return a * 2 end, handler, 21))
local _, tb = xpcall(function() error("tb") end, debug.traceback)
print("xpcall traceback", tb:match("^[^\n]*"), select(2, tb:gsub("\n", "")) > 2)
print("xpcall nested", xpcall(function()
  local ok2, e2 = pcall(error, "inner")
  error("outer after " .. e2, 0)
end, handler))

-- error objects with __tostring, rethrow, assert
local E = setmetatable({}, { __tostring = function() return "custom error object" end })
local ok3, e3 = pcall(error, E)
print("tostring error", ok3, tostring(e3), rawequal(e3, E))
print("rethrow", pcall(function()
  local ok4, e4 = pcall(error, "first", 0)
  error(e4 .. " again", 0)
end))
print("assert", pcall(assert, false), pcall(assert, nil, "assert message"))
print("assert pass", assert(1, "unused"), select("#", assert(1, 2, 3)))
print("error in handler", xpcall(function() error("x") end, function() error("y") end))

-- error with non-string values keeps them
for _, v in ipairs({ 1, 2.5, true }) do print("value", pcall(error, v)) end
-- tostring(nil) and string.format on errors
print("format", pcall(string.format, "%d", "x"))
print("errors: done")
