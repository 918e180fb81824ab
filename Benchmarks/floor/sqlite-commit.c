// Floor: raw sqlite3, WAL, synchronous=FULL, cached statements, one commit per "reading".
// Usage: sqlite-commit DB N TABLES(1|3) [wal_autocheckpoint]. Prints CPU (getrusage) per commit and latency percentiles.
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e6+t.tv_nsec/1e3;}
static double cpu(struct rusage*r){return r->ru_utime.tv_sec*1e6+r->ru_utime.tv_usec+r->ru_stime.tv_sec*1e6+r->ru_stime.tv_usec;}
static int cmp(const void*a,const void*b){double x=*(double*)a,y=*(double*)b;return x<y?-1:x>y;}
int main(int argc,char**argv){
  const char*path=argv[1]; int n=atoi(argv[2]); int tables=atoi(argv[3]); int autock=argc>4?atoi(argv[4]):1000;
  sqlite3*db; remove(path); char w[512]; snprintf(w,512,"%s-wal",path); remove(w);
  sqlite3_open(path,&db);
  sqlite3_exec(db,"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",0,0,0);
  char p[64]; snprintf(p,64,"PRAGMA wal_autocheckpoint=%d",autock); sqlite3_exec(db,p,0,0,0);
  sqlite3_exec(db,"CREATE TABLE r(id INTEGER PRIMARY KEY, dev TEXT, t TEXT, sys REAL, dia REAL, map REAL, pulse REAL, raw BLOB, key TEXT UNIQUE);"
    "CREATE INDEX r_t ON r(dev,t);"
    "CREATE TABLE a(rid INTEGER PRIMARY KEY, colour TEXT, rules TEXT, params TEXT) WITHOUT ROWID;"
    "CREATE TABLE o(rid INTEGER PRIMARY KEY, state INTEGER, attempts INTEGER) WITHOUT ROWID;"
    "CREATE INDEX o_p ON o(state) WHERE state=0;",0,0,0);
  sqlite3_stmt *b,*c,*ir,*ia,*io;
  sqlite3_prepare_v2(db,"BEGIN IMMEDIATE",-1,&b,0); sqlite3_prepare_v2(db,"COMMIT",-1,&c,0);
  sqlite3_prepare_v2(db,"INSERT INTO r(dev,t,sys,dia,map,pulse,raw,key) VALUES(?,?,?,?,?,?,?,?)",-1,&ir,0);
  sqlite3_prepare_v2(db,"INSERT INTO a VALUES(?,?,?,?)",-1,&ia,0);
  sqlite3_prepare_v2(db,"INSERT INTO o VALUES(?,0,0)",-1,&io,0);
  double*lat=malloc(sizeof(double)*n); struct rusage r0,r1; getrusage(RUSAGE_SELF,&r0);
  unsigned char raw[19]={0}; char key[64],t[32];
  for(int i=0;i<n;i++){
    double t0=now();
    sqlite3_step(b); sqlite3_reset(b);
    snprintf(t,32,"2026-11-%02d %02d:%02d:00",1+i%28,i%24,i%60); snprintf(key,64,"dev1|1|%s|%d",t,i);
    sqlite3_bind_text(ir,1,"aa:bb:cc:dd:ee:ff",-1,SQLITE_STATIC); sqlite3_bind_text(ir,2,t,-1,SQLITE_TRANSIENT);
    sqlite3_bind_double(ir,3,120+i%20); sqlite3_bind_double(ir,4,80); sqlite3_bind_double(ir,5,93); sqlite3_bind_double(ir,6,70);
    sqlite3_bind_blob(ir,7,raw,19,SQLITE_STATIC); sqlite3_bind_text(ir,8,key,-1,SQLITE_TRANSIENT);
    sqlite3_step(ir); sqlite3_reset(ir); sqlite3_int64 id=sqlite3_last_insert_rowid(db);
    if(tables>1){ sqlite3_bind_int64(ia,1,id); sqlite3_bind_text(ia,2,"green",-1,SQLITE_STATIC); sqlite3_bind_text(ia,3,"[\"B1\"]",-1,SQLITE_STATIC);
      sqlite3_bind_text(ia,4,"{\"sys\":140,\"dia\":90,\"version\":\"hf-default-1\"}",-1,SQLITE_STATIC); sqlite3_step(ia); sqlite3_reset(ia);
      sqlite3_bind_int64(io,1,id); sqlite3_step(io); sqlite3_reset(io);}
    if(sqlite3_step(c)!=SQLITE_DONE){fprintf(stderr,"commit failed %s\n",sqlite3_errmsg(db));return 1;} sqlite3_reset(c);
    lat[i]=now()-t0;
  }
  getrusage(RUSAGE_SELF,&r1);
  double us=(cpu(&r1)-cpu(&r0))/n, uu=((r1.ru_utime.tv_sec-r0.ru_utime.tv_sec)*1e6+(r1.ru_utime.tv_usec-r0.ru_utime.tv_usec))/n;
  qsort(lat,n,sizeof(double),cmp);
  printf("%s tables=%d autock=%d n=%d cpu/commit %.0f us (user %.0f) p50 %.0f p90 %.0f p99 %.0f max %.0f us\n",path,tables,autock,n,us,uu,lat[n/2],lat[n*9/10],lat[n*99/100],lat[n-1]);
  return 0;}
