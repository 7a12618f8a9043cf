-- tables.lua: the table library and the length operator.

local function show(t, n)
  local parts = {}
  for i = 1, n or #t do parts[#parts + 1] = tostring(t[i]) end
  return "{" .. table.concat(parts, ",") .. "}"
end

local t = { 10, 20, 30 }
table.insert(t, 40)
table.insert(t, 1, 5)
print("insert", show(t), #t)
print("remove", table.remove(t), table.remove(t, 1), show(t), #t)
print("remove empty", table.remove({}), #t)
print("concat", table.concat({ 1, 2, 3 }, ", "), table.concat({ "a", "b", "c" }, "", 2, 3),
  table.concat({}, "x") == "")
print(pcall(table.concat, { 1, {}, 3 }))

local s = { 5, 2, 8, 1, 9, 3 }
table.sort(s)
print("sort", show(s))
table.sort(s, function(a, b) return a > b end)
print("sort desc", show(s))
local names = { "pear", "Apple", "fig", "banana" }
table.sort(names)
print("sort strings", table.concat(names, " "))
local recs = { { n = "b", v = 2 }, { n = "a", v = 3 }, { n = "c", v = 1 } }
table.sort(recs, function(x, y) return x.v < y.v end)
print("sort records", recs[1].n, recs[2].n, recs[3].n)
local big = {}
for i = 1, 500 do big[i] = (i * 7919) % 1009 end
table.sort(big)
local sorted = true
for i = 2, #big do if big[i - 1] > big[i] then sorted = false end end
print("sort 500", sorted, big[1], big[250], big[500])

print("unpack", table.unpack({ 1, 2, 3 }))
print("unpack range", table.unpack({ 1, 2, 3, 4, 5 }, 2, 4))
print("unpack nil", select("#", table.unpack({ 1, nil, 3 }, 1, 3)))
local p = table.pack(1, nil, 3, nil)
print("pack", p.n, p[1], p[2], p[3])

local m = { 1, 2, 3, 4, 5 }
table.move(m, 2, 4, 1)
print("move", show(m))
print("move to", show(table.move({ 1, 2, 3 }, 1, 3, 3, { "a", "b" })))

-- # on sequences, after growth and shrink
local seq = {}
for i = 1, 100 do seq[i] = i * i end
print("len", #seq, seq[#seq])
for i = 100, 51, -1 do seq[i] = nil end
print("len after shrink", #seq)
print("len string keys", #{ a = 1, b = 2 }, #{ n = 1, 10, 20 })

-- keys in a fixed order: never rely on pairs() order
local inv = { apple = 3, banana = 1, cherry = 2, [1] = "one", [2] = "two" }
local keys = {}
for k in pairs(inv) do keys[#keys + 1] = tostring(k) end
table.sort(keys)
print("keys", table.concat(keys, " "))
local count = 0
for _, v in ipairs({ 1, 2, nil, 4 }) do count = count + v end
print("ipairs stops at nil", count)

-- nested tables and references
local grid = {}
for r = 1, 3 do
  grid[r] = {}
  for c = 1, 3 do grid[r][c] = r * c end
end
print("grid", grid[2][3], grid[3][3], #grid, #grid[1])
local alias = grid[1]
alias[1] = 99
print("alias", grid[1][1], rawequal(alias, grid[1]), rawlen(grid))
print("next empty", next({}))
print("tables: done")
