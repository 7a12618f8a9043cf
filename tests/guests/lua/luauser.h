/* SPDX-License-Identifier: GPL-2.0 */
/*
 * luauser.h - platform adjustments for Lua on newlib, via LUA_USER_H.
 *
 * lua.h includes LUA_USER_H after luaconf.h, so this header can revise
 * luaconf.h's choices for the umbra guest's C library.
 *
 * newlib's printf has no "%a" (Debian builds it without C99 I/O formats),
 * so string.format("%a") and "%q" of a float would print "a". Undefining
 * lua_number2strx makes lstrlib.c use Lua's own hexadecimal conversion,
 * the one luaconf.h provides for C89 libraries; it prints normal numbers
 * exactly like glibc's "%a" but, like any C89 build of Lua, rejects
 * modifiers such as "%.3a". Reading hexadecimal floats (strtod) works.
 */
#ifndef UMBRA_LUAUSER_H
#define UMBRA_LUAUSER_H

#undef lua_number2strx

#endif /* UMBRA_LUAUSER_H */
