-- strings.lua: the string library, string.format and patterns.

print("len/sub/upper", #"hello", ("hello"):sub(2, 4), ("hello"):upper(),
  ("MiXeD"):lower(), ("abc"):rep(3, "-"), ("abc"):reverse())
print("sub edge", ("hello"):sub(-3), ("hello"):sub(0), ("hello"):sub(4, 2) == "",
  ("hello"):sub(2, 100))
print("byte/char", ("ABC"):byte(1, -1), string.char(72, 105, 33))

-- string.format
print(string.format("%d|%5d|%-5d|%05d|%+d", 42, 42, 42, 42, 42))
print(string.format("%5.2f|%.3f|%10.4f|%-8.1f|", 3.14159, 2 / 3, -1.5, 0.05))
print(string.format("%g|%g|%g|%g|%g|%g", 1e20, 0.1, 100000, 1e6, 1e-5, 2^53))
print(string.format("%x|%X|%#x|%08x|%o", 255, 255, 255, 48879, 8))
print(string.format("%x", -1), string.format("%d", math.mininteger))
print(string.format("%s|%10s|%-10s|%.2s|", "str", "right", "left", "trunc"))
print(string.format("%s %s %s %s", 1, 1.0, true, nil))
print(string.format("%q", 'he said "hi"\n\tand left\0'))
print(string.format("%q|%q|%q", 42, math.mininteger, 1 / 0))
print(string.format("%q|%q|%q", 0.5, -2.75, 1e100))
print(string.format("%c%c%c|%i|%%", 76, 117, 97, 7))
print(string.format("%a|%A", 1.0, 0.1))
print(pcall(string.format, "%d", 1.5))

-- find (plain and pattern), match, captures
print(("hello world"):find("o w"), ("hello world"):find("o", 6))
print(("a.b.c"):find(".", 1, true), ("a+b"):find("+", 1, true))
print(("hello world"):find("(%w+) (%w+)"))
print(("key = value"):match("^(%w+)%s*=%s*(%w+)$"))
print(("2024-01-15"):match("(%d+)-(%d+)-(%d+)"))
print(("  trim me  "):match("^%s*(.-)%s*$") .. "|")
print(("hello"):match("()ll()"))
print(("[[nested]]"):match("%[(%b[])%]"), ("f(a(b)c)d"):match("%b()"))
print(("THE (quick) fox"):find("%f[%a]%a+%f[%A]"))

-- gsub with strings, tables, functions and limits
print(("hello world"):gsub("o", "0"))
print(("hello world"):gsub("(%w+)", "<%1>"))
print(("hello world"):gsub("%w+", { hello = "HI", world = false }))
print(("abc"):gsub("", "-"))
print(("one two three"):gsub("(%w+)", string.upper, 2))
print(("$name is $age"):gsub("%$(%w+)", { name = "Lua", age = 30 }))
print(("x = 1 + 2"):gsub("%s", ""))
print(("abc"):gsub(".", { a = 1, b = false }))
print(pcall(string.gsub, "abc", ".", { a = true }))

-- gmatch, also with captures and anchors
local words = {}
for w in ("the quick brown fox"):gmatch("%a+") do words[#words + 1] = w end
print(table.concat(words, ","))
for k, v in ("a=1, b=2, c=3"):gmatch("(%w+)=(%w+)") do io.write(k, ":", v, " ") end
print()
local n = 0
for _ in ("aaa"):gmatch("a*") do n = n + 1 end
print("empty matches", n)

-- comparisons and concatenation
print("a" < "b", "abc" < "abd", "Z" < "a", "" < "a", "10" < "9")
print(1 .. 2, "x" .. 1.5, "n" .. math.maxinteger)
print(("%d items"):format(3), tostring(12):len(), #tostring(-0.0))
print("strings: done")
