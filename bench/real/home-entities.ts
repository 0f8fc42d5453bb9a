// How a resident's Home Assistant would name each dataset sensor: entity id, area and device class.

export interface HaEntity {
  entityId: string;
  area: string;
  deviceClass: string;
  friendlyName: string;
}

const e = (entityId: string, area: string, deviceClass: string, friendlyName: string): HaEntity => ({
  entityId,
  area,
  deviceClass,
  friendlyName,
});

/** Ordóñez A and B share sensor names; B's three "Door" PIRs are room motion sensors. */
const ORDONEZ: Record<string, HaEntity> = {
  Bed: e("binary_sensor.bed_occupancy", "Bedroom", "occupancy", "Bed occupancy"),
  Cabinet: e("binary_sensor.bathroom_cabinet_door", "Bathroom", "door", "Bathroom cabinet door"),
  Basin: e("binary_sensor.bathroom_basin_motion", "Bathroom", "motion", "Basin motion"),
  Shower: e("binary_sensor.bathroom_shower_motion", "Bathroom", "motion", "Shower motion"),
  Toilet: e("binary_sensor.toilet_flush", "Bathroom", "running", "Toilet flush"),
  Cooktop: e("binary_sensor.kitchen_cooktop_motion", "Kitchen", "motion", "Cooktop motion"),
  Cupboard: e("binary_sensor.kitchen_cupboard_door", "Kitchen", "door", "Kitchen cupboard door"),
  Fridge: e("binary_sensor.kitchen_fridge_door", "Kitchen", "door", "Fridge door"),
  Microwave: e("binary_sensor.kitchen_microwave_power", "Kitchen", "power", "Microwave power"),
  Toaster: e("binary_sensor.kitchen_toaster_power", "Kitchen", "power", "Toaster power"),
  Maindoor: e("binary_sensor.front_door", "Entrance", "door", "Front door"),
  Seat: e("binary_sensor.living_room_seat_occupancy", "Living room", "occupancy", "Seat occupancy"),
  "Door@Bedroom": e("binary_sensor.bedroom_motion", "Bedroom", "motion", "Bedroom motion"),
  "Door@Kitchen": e("binary_sensor.kitchen_motion", "Kitchen", "motion", "Kitchen motion"),
  "Door@Living": e("binary_sensor.living_room_motion", "Living room", "motion", "Living room motion"),
};

/** van Kasteren A: reed switches on doors, cupboards and appliances, a float in the cistern. */
const KASTEREN: Record<string, HaEntity> = {
  Microwave: e("binary_sensor.kitchen_microwave_door", "Kitchen", "door", "Microwave door"),
  "Hall-Toilet door": e("binary_sensor.toilet_door", "Toilet", "door", "Toilet door"),
  "Hall-Bathroom door": e("binary_sensor.bathroom_door", "Bathroom", "door", "Bathroom door"),
  "Cups cupboard": e("binary_sensor.kitchen_cups_cupboard", "Kitchen", "door", "Cups cupboard"),
  Fridge: e("binary_sensor.kitchen_fridge_door", "Kitchen", "door", "Fridge door"),
  "Plates cupboard": e("binary_sensor.kitchen_plates_cupboard", "Kitchen", "door", "Plates cupboard"),
  Frontdoor: e("binary_sensor.front_door", "Hall", "door", "Front door"),
  Dishwasher: e("binary_sensor.kitchen_dishwasher_door", "Kitchen", "door", "Dishwasher door"),
  ToiletFlush: e("binary_sensor.toilet_flush", "Toilet", "running", "Toilet flush"),
  Freezer: e("binary_sensor.kitchen_freezer_door", "Kitchen", "door", "Freezer door"),
  "Pans Cupboard": e("binary_sensor.kitchen_pans_cupboard", "Kitchen", "door", "Pans cupboard"),
  Washingmachine: e("binary_sensor.bathroom_washing_machine_door", "Bathroom", "door", "Washing machine door"),
  "Groceries Cupboard": e("binary_sensor.kitchen_groceries_cupboard", "Kitchen", "door", "Groceries cupboard"),
  "Hall-Bedroom door": e("binary_sensor.bedroom_door", "Bedroom", "door", "Bedroom door"),
};

export function haEntityOf(home: string, sensor: string): HaEntity {
  const table = home.startsWith("Ordóñez") ? ORDONEZ : KASTEREN;
  const entity = table[sensor];
  if (!entity) throw new Error(`${home}: no Home Assistant entity for sensor ${sensor}`);
  return entity;
}
