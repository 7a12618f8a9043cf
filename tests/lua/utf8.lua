-- utf8.lua: the utf8 library. Non-ASCII text is written with escapes.

local s = "h\u{E9}llo \u{4E16}\u{754C} \u{1F600}!"
print("bytes/len", #s, utf8.len(s))
print("char", utf8.char(72, 228, 8364, 0x1F600) == "H\u{E4}\u{20AC}\u{1F600}",
  #utf8.char(0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000))
print("codepoint", utf8.codepoint(s, 1, 3))
local cps = {}
for p, c in utf8.codes(s) do cps[#cps + 1] = p .. ":" .. c end
print("codes", table.concat(cps, " "))
print("offset", utf8.offset(s, 3), utf8.offset(s, -1), utf8.offset(s, 8), utf8.offset(s, 0, 3))
print("len range", utf8.len(s, 3), utf8.len(s, 1, 2), utf8.len(""))
print("invalid", utf8.len("abc\xFFdef"), utf8.len("\xC3"), utf8.len("ok\xE4\xB8"))
print(pcall(utf8.codepoint, "\xFF"))
print("charpattern", utf8.charpattern == "[\0-\x7F\xC2-\xFD][\x80-\xBF]*")
local count = 0
for ch in s:gmatch(utf8.charpattern) do count = count + 1 end
print("gmatch chars", count)
print("reverse", (function()
  local t = {}
  for _, c in utf8.codes("abc\u{E9}") do table.insert(t, 1, utf8.char(c)) end
  return table.concat(t) == "\u{E9}cba"
end)())
print("lax", utf8.len("\u{7FFFFFFF}", 1, -1, true), utf8.codepoint("\u{7FFFFFFF}", 1, 1, true))
print("strict rejects", pcall(utf8.codepoint, "\u{7FFFFFFF}"))
print("utf8: done")
