-- numbers.lua: integers vs floats, arithmetic, conversions, math.

print("types", math.type(1), math.type(1.0), math.type("1"), type(1), type(1.0))
print("division", 7 / 2, 7 // 2, 7.0 // 2, -7 // 2, 7 // -2, -7.5 // 2)
print("modulo", 7 % 3, -7 % 3, 7 % -3, -7 % -3, 7.5 % 2, -7.5 % 2, 5 % 2.5)
print("power", 2 ^ 10, 2 ^ 0.5 == math.sqrt(2), 10 ^ -2, (-8) ^ 2)
print("int ops", 3 + 4, 3 * 4, 3 - 4, 3 + 4.0, 10 // 3 * 3 + 10 % 3)
print("bitwise", 0xF0 | 0x0F, 0xFF & 0x0F, 0xFF ~ 0x0F, ~0, 1 << 62, 1 << 64,
  -1 >> 60, 3.0 | 0)
print(pcall(function() return 1.5 | 0 end))

-- limits and wraparound
print("maxinteger", math.maxinteger, math.mininteger)
print("wrap", math.maxinteger + 1 == math.mininteger, math.mininteger - 1 == math.maxinteger)
print("wrap mul", math.maxinteger * 2, math.mininteger * -1)
print("minint ops", math.mininteger // -1, math.mininteger % -1, math.abs(math.mininteger))
print("float of maxint", math.maxinteger + 0.0, math.maxinteger + 0.0 == 2 ^ 63)
print("ult", math.ult(1, -1), math.ult(-1, 1), 5 // 0.0, -5 // 0.0)
print(pcall(function() return 1 // 0 end))
print(pcall(function() return 1 % 0 end))
print("nan", 0 / 0 ~= 0 / 0, math.huge, -math.huge, math.huge > math.maxinteger)

-- conversions
print("tointeger", math.tointeger(3.0), math.tointeger(3.5), math.tointeger("8"),
  math.tointeger(2 ^ 63), math.tointeger(-2 ^ 63))
print("floor/ceil", math.floor(3.7), math.ceil(3.2), math.floor(-3.7), math.ceil(-3.2),
  math.type(math.floor(3.7)), math.floor(2 ^ 70))
print("fmod", math.fmod(7, 3), math.fmod(-7, 3), math.fmod(-7.5, 2), math.fmod(7, -3))
print(pcall(math.fmod, 1, 0))
print("modf", math.modf(3.75), math.modf(-3.75), math.modf(5))
print("abs/max/min", math.abs(-4), math.abs(-4.5), math.max(3, 7.5, 2), math.min(3, -1, 2))
print("sqrt/pi", math.sqrt(16), math.sqrt(2), math.pi, -math.pi)
print("exact math", math.exp(0), math.log(1), math.log(8, 2), math.log(100, 10), math.sin(0))
print("6 digits", string.format("%.6f %.6f %.6f", math.sin(1), math.exp(1), math.log(10)))

-- float formatting
print("floats", 1.0, -0.0, 1e15, 1e16, 1e100, 2 ^ 53, 2 ^ 63, 0.1, 1 / 3, 100 / 3)
print("more floats", 3.14159265358979, 1e-10, 123456789012345.0, 5e-324 > 0)
print("int vs float eq", 1 == 1.0, math.maxinteger == math.maxinteger + 0.0,
  2 ^ 53 == 2 ^ 53 + 1, 1 < 1.5, -1 > -1.5)

-- string <-> number coercions
print("coerce", "10" + 1, "3.0" + 1, "0x10" + 0, "1e2" * 1, 10 .. "", 1.5 .. "", -0.0 .. "")
print("tonumber", tonumber("42"), tonumber("  42  "), tonumber("4.5e1"), tonumber("0x1p4"),
  tonumber("0x1F"), tonumber("1e"), tonumber("0x"), tonumber(""), tonumber("10", 2),
  tonumber("zz", 36), tonumber("7", 8), tonumber("8", 8))
print("tonumber big", tonumber("9223372036854775807"), tonumber("9223372036854775808"),
  tonumber("1e500"), math.type(tonumber("1" .. string.rep("0", 30))))
print("tostring", tostring(10), tostring(10.0), tostring(-7.25), tostring(1e300 * 1e10))
print(pcall(function() return "abc" + 1 end))
print("string arith", "10" // "3", "7" % "2", -"2", "2" ^ "3")

-- for loops with integer and float steps
local acc = {}
for i = 1, 3 do acc[#acc + 1] = i end
for x = 1.0, 2.0, 0.5 do acc[#acc + 1] = x end
for i = 10, 1, -4 do acc[#acc + 1] = i end
for i = math.maxinteger - 1, math.maxinteger do acc[#acc + 1] = i - math.maxinteger end
print("for", table.concat(acc, " "))

-- math.random is deterministic after a fixed seed
math.randomseed(42)
local r = {}
for _ = 1, 5 do r[#r + 1] = math.random(1, 100) end
print("random ints", table.concat(r, " "))
print("random float", string.format("%.12f", math.random()))
print("random range", math.random(10), math.random(-5, 5), math.random(0) ~= nil)
print(pcall(math.random, 2, 1))
print("numbers: done")
