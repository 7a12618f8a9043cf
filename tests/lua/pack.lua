-- pack.lua: string.pack, string.unpack and string.packsize.
-- Only fixed-size formats, so results match on 32- and 64-bit hosts.

local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

print("i4", hex(string.pack("<i4", 1)), hex(string.pack(">i4", 1)), hex(string.pack("<i4", -2)))
print("I2 B b", hex(string.pack(">I2BB", 0xABCD, 255, 0)), hex(string.pack("b", -1)))
print("j", hex(string.pack("<j", math.mininteger)), hex(string.pack(">j", 1)))
print("I3 i7", hex(string.pack("<I3", 0x123456)), hex(string.pack("<i7", -1)))
print("d", hex(string.pack("<d", 1.5)), hex(string.pack(">d", -0.0)))
print("f", hex(string.pack("<f", 0.5)), hex(string.pack("<f", -2)))
print("z s1 s4", hex(string.pack("z", "hi")), hex(string.pack("s1", "abc")),
  hex(string.pack("<s4", "xy")))
print("c", hex(string.pack("c5", "ab")), string.pack("c3", "abc"))
print("padding", hex(string.pack("<i1xi1", 1, 2)), hex(string.pack("<!4 i1 Xi4 i4", 1, 2)))

print("unpack", string.unpack("<i4", string.pack("<i4", -123456)))
print("unpack multi", string.unpack("<i2 i2 z B", string.pack("<i2 i2 z B", 7, -7, "str", 200)))
print("unpack d", string.unpack("<d", string.pack("<d", 3.25)))
print("unpack s1", string.unpack("s1", string.pack("s1", "hello")))
print("unpack pos", string.unpack("<i1", "\1\2\3", 2), string.unpack("<i1", "\1\2\3", -1))
print("round trip j", string.unpack("<j", string.pack("<j", math.maxinteger)) == math.maxinteger)
local ones = "\255\255\255\255"
print("unsigned", string.unpack("<I4", ones), string.unpack("<i4", ones))

print("packsize", string.packsize("<i4i8"), string.packsize("d"), string.packsize("c10"),
  string.packsize("!8 i1 i8"), string.packsize("<i1 x i2"))
print(pcall(string.packsize, "z"))
print(pcall(string.pack, "i17", 1))
print(pcall(string.pack, "<i1", 200))
print(pcall(string.unpack, "<i4", "\1\2"))
print("pack: done")
